"""The shop's contacts kept with the run: stored as written (merchant ID, terminal ID, hotline), everything else in the
document still masked; reports of old runs fall back to today's configuration and say so."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.records.contacts import clean, scrub_run, snapshot, with_snapshot
from pos_doctor.records.recorder import record_run
from pos_doctor.records.report import build_model, render
from pos_doctor.records.scrubbing import scrub_deep
from pos_doctor.records.store import Store
from tests.records.docs import fix_doc

PAN = "4111111111111111"
CONFIG = {"shop": {"name": "Bäckerei Sonnenschein", "merchant_id": "898310012340012", "terminal_id": "52500381",
                   "address": "Hauptstr. 5"},
          "support": {"provider": "PayCo", "phone": "+49 30 1234567", "hours": "Mo-Sa 8-20"}}


def test_record_run_keeps_the_contacts_of_the_day_unmasked(tmp_path):
    db = tmp_path / "h.db"
    run_id = record_run("fix", fix_doc(), config=CONFIG, db_path=db)
    with Store(db, readonly=True) as s:
        doc = s.get_run(run_id)["document"]
    assert doc["contacts"]["shop"]["merchant_id"] == "898310012340012"
    assert doc["contacts"]["support"]["phone"] == "+49 30 1234567"
    assert doc["contacts"]["utc_offset"][0] in "+-" and len(doc["contacts"]["utc_offset"]) == 6
    assert PAN not in str(doc)  # the rest of the document is masked as before


def test_report_of_the_run_shows_the_kept_contacts_not_todays(tmp_path):
    db = tmp_path / "h.db"
    run_id = record_run("fix", fix_doc(), config=CONFIG, db_path=db)
    today = {"shop": {"name": "Café Neu", "merchant_id": "111122223333444"}, "support": {"phone": "+49 40 999"}}
    with Store(db, readonly=True) as s:
        run = s.get_run(run_id)
    md = render(build_model(run, config=today), "md")
    assert "Bäckerei Sonnenschein" in md and "898310012340012" in md and "+49 30 1234567" in md
    assert "Café Neu" not in md and "111122223333444" not in md and "today's pos-doctor.toml" not in md
    redacted = render(build_model(run, config=today, redact=True), "md")
    assert "898310012340012" not in redacted and "[redacted]" in redacted


def test_an_old_run_takes_todays_configuration_and_says_so(tmp_path):
    with Store(tmp_path / "h.db") as s:
        run = s.get_run(s.record("fix", fix_doc()))
    model = build_model(run, config=_Config(CONFIG))
    assert model["summary"]["contacts_source"] == "configuration"
    zh = render(model, "md", "zh")
    assert "Bäckerei Sonnenschein" in zh and "取自今天的 pos-doctor.toml" in zh


class _Config:
    def __init__(self, d):
        self.d = d

    def section(self, name):
        return dict(self.d.get(name, {}))


def test_contacts_other_than_the_known_identifiers_are_still_masked():
    kept = clean({"shop": {"name": f"Shop {PAN}", "merchant_id": "898310012340012"},
                  "support": {"provider": "x", "phone": "+49 30 1234567", "nonsense": PAN}})
    assert PAN not in str(kept) and kept["shop"]["merchant_id"] == "898310012340012"
    assert "nonsense" not in kept["support"]


def test_a_document_that_brings_its_own_contacts_keeps_them():
    doc = {"contacts": {"shop": {"name": "A"}, "support": {}}}
    assert with_snapshot(doc, CONFIG) is doc
    assert with_snapshot({}, CONFIG)["contacts"]["shop"] == snapshot(CONFIG)["shop"]


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                           lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
                           max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=10).filter(lambda k: k != "contacts"), json_values, max_size=5), json_values)
def test_scrub_run_masks_everything_but_the_contacts_as_scrub_deep_does(doc, contacts):
    assert scrub_run(doc) == scrub_deep(doc)
    with_c = scrub_run({**doc, "contacts": contacts})
    assert {k: v for k, v in with_c.items() if k != "contacts"} == scrub_deep(doc)
    assert with_c["contacts"] == clean(contacts) and set(with_c["contacts"]) <= {"shop", "support", "utc_offset"}


def test_answers_from_the_answers_file_are_marked_and_old_runs_count_as_a_person():
    steps = [{"id": "open-cover", "playbook": "printer-paper", "step": "open-cover", "kind": "instruction",
              "text": {"en": "Open the printer cover.", "zh": "打开打印机盖。"}, "answer": "done", "answered_by": "answers_file"},
             {"id": "load", "playbook": "printer-paper", "step": "load", "kind": "instruction",
              "text": {"en": "Load paper.", "zh": "装纸。"}, "answer": "done"}]  # recorded before answered_by
    run = {"id": 7, "kind": "fix", "started_at": "2026-12-06T10:00:00+00:00", "status": "ok", "playbook": "printer-paper",
           "document": {"steps": steps, "outcome": "resolved"}}
    model = build_model(run)
    assert [s["answered_by"] for s in model["steps"]] == ["answers_file", "person"]
    md, zh, html = render(model, "md"), render(model, "md", "zh"), render(model, "html")
    assert "1. Open the printer cover: done — not done by a person: answered from the answers file" in md
    assert "2. Load paper: done\n" in md
    assert "打开打印机盖：已完成（不是店员操作：取自预先写好的回答文件）" in zh
    assert "— not done by a person: answered from the answers file</span>" in html
