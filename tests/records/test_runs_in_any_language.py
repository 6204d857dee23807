"""Issue 30: a run keeps its texts as messages (id, parameters, en, zh), so a run recorded in one language is said
again in any other — the report (md, html), `history` — and a run of an older version ({"en", "zh"} only) still
reads (its English where it has no words of that language). Screens of check and fix in German carry no Chinese."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime

import pytest

from pos_doctor.i18n import TC, T, Text
from pos_doctor.records.report import WORDS, build_model, render
from pos_doctor.records.store import Store
from pos_doctor.ui.history_view import HEAD, history_lines
from tests.records.docs import fix_doc

HAN = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
FAST_LINE = {"POS_DOCTOR_TERMINAL_BAUD": "115200", "POS_DOCTOR_PRINTER_BAUD": "115200"}


def chinese(text: str) -> list[str]:
    """The Chinese characters and full-width punctuation on a page."""
    return sorted(set(HAN.findall(text)))


@pytest.fixture(scope="module")
def recorded_en(tmp_path_factory):
    """A real run: `fix dropped-transaction` walked in English on the simulator, answers from a file, recorded."""
    d = tmp_path_factory.mktemp("run")
    answers = d / "answers.yaml"
    now = datetime.now().strftime("%Y-%m-%dT%H:%M")  # the simulator's payment is at its start, this computer's clock
    answers.write_text(f"card-or-qr: card\nrecord-customer-amount: 12.50\nrecord-customer-time: \"{now}\"\n"
                       "debit-shown: yes\nfixed-after-network: no\nfixed-after-restart: no\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POS_DOCTOR_", "LC_", "LANG"))}
    env.update(FAST_LINE, POS_DOCTOR_DATA_DIR=str(d / "data"), XDG_CONFIG_HOME=str(d / "xdg"), NO_COLOR="1", CI="1")
    p = subprocess.run([sys.executable, "-m", "pos_doctor", "fix", "dropped-transaction", "--simulate",
                        "dropped-transaction", "--yes", "--answers", str(answers), "--lang", "en", "--json"],
                       capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert p.returncode in (0, 1, 2), p.stderr
    doc = json.loads(p.stdout)
    db = next((d / "data").rglob("*.db"))
    with Store(db) as s:
        run = s.get_run(doc["run_id"])
        rows = s.history()
    return run, rows


def test_a_run_recorded_in_english_is_said_again_in_german_and_chinese(recorded_en):
    run, _ = recorded_en
    model = build_model(run)
    en, zh, de = (render(model, "md", lang) for lang in ("en", "zh", "de"))
    headline = model["summary"]["payment"]["headline"]
    assert "id" in headline and "params" in headline  # a message, not a sentence frozen in two languages
    said = {lang: Text.from_json(headline)(lang) for lang in ("en", "zh", "de")}
    assert said["en"].startswith("Charged once: trace ") and said["en"] in en
    assert said["zh"].startswith("已扣款一次：流水号 ") and said["zh"] in zh
    assert said["de"].startswith("Einmal belastet: Trace-Nr. ") and said["de"] in de
    # the summary's own words, each in the page's language: verdict, outcome, what was tried
    verdict = Text.from_json(model["summary"]["payment"]["verdict_text"])
    outcome = Text.from_json(model["summary"]["outcome"])
    for lang, page in (("zh", zh), ("de", de)):
        assert verdict(lang) in page and outcome(lang) in page and verdict(lang) != verdict("en")
        assert T("Tried")(lang) in page
    assert outcome("de") in ("Gelöst, von den Prüfungen bestätigt", "Gelöst, von den Prüfungen nicht bestätigt")
    # what was tried: each step's text cut to its first clause in the reader's language, the result in words
    assert "1. 先不要发起新的交易：在POS机上刷卡" in zh
    assert "1. Do not start a new payment: By card at the terminal" in en
    assert "leer gelassen" in de and "mit --yes beantwortet" in de
    # the German page has none of the report's own Chinese: what Chinese is left comes from the playbook's
    # English (the POS机's menu words, translated by the playbook engineers), never from the records' texts
    for s in ("已扣款", "已尝试", "已解决", "流水号", "POS机记录", "（", "："):
        assert s not in de, s


def test_the_html_report_names_its_language(recorded_en):
    run, _ = recorded_en
    model = build_model(run)
    assert '<html lang="de">' in render(model, "html", "de")
    assert '<html lang="zh-CN">' in render(model, "html", "zh")
    assert '<html lang="en">' in render(model, "html", "en")


def test_history_in_german_and_chinese(recorded_en):
    _, rows = recorded_en
    for lang in ("de", "zh"):
        lines = history_lines(rows, lang)
        assert lines[0].split()[0] == HEAD["id"](lang)
        status = WORDS[rows[0]["outcome"]](lang)
        assert status != WORDS[rows[0]["outcome"]]("en") and status in lines[1]
    assert not chinese("\n".join(history_lines(rows, "de")))


def test_a_run_of_an_older_version_still_reads_in_any_language(tmp_path):
    """{"en", "zh"} texts only: Chinese where it has Chinese, English for German (never Chinese, never a crash);
    the report's own words (labels, verdicts, outcome) in German all the same."""
    with Store(tmp_path / "h.db") as s:
        rid = s.record("fix", fix_doc())
        run = s.get_run(rid)
    model = build_model(run)
    zh, de = render(model, "md", "zh"), render(model, "md", "de")
    assert "顾客拿到小票了吗？" in zh and "Did the customer get a receipt?" in de
    assert "Gelöst" in de and not chinese(de)
    html = render(model, "html", "de")
    assert '<html lang="de">' in html and not chinese(html)


def test_an_older_record_whose_english_is_a_catalog_message_is_said_in_german():
    from pos_doctor.records.report.words import text

    old = {"en": "Not resolved: handed to the payment provider", "zh": "未解决：已转交支付服务商"}
    assert text(old, "de") == T("Not resolved: handed to the payment provider")("de") != old["en"]
    assert text(old, "zh") == old["zh"] and text(old, "en") == old["en"]
    assert text({"en": "a sentence no catalog has", "zh": "没有的句子"}, "de") == "a sentence no catalog has"


def test_provider_sheet_keeps_messages_and_says_them_in_german():
    from pos_doctor.records.provider import facts, headline, request

    view = {"verdict": "mismatch", "double_charge": True, "customer": {"amount": "99.00", "currency": "EUR",
                                                                      "time": "2026-12-06T14:05:00"},
            "records": [{"trace_number": 41, "amount": "99.00", "currency": "EUR", "approved": True},
                        {"trace_number": 42, "amount": "99.00", "currency": "EUR", "approved": True}]}
    head = Text.from_json(json.loads(json.dumps(headline(view))))  # through JSON, as a record keeps it
    assert head("en") == "Charged twice: trace 41 and 42, 99.00 EUR each — please confirm and return the duplicate."
    assert head("zh") == "重复扣款：流水号 41 和 42，每笔 99.00 欧元——请核实并退还重复的一笔。"
    assert head("de").startswith("Zweimal belastet: Trace-Nr. 41 und 42, je 99,00 EUR")  # the German decimal comma
    ask = Text.from_json(request(view, {"en": "x", "zh": "x"}))
    assert "Trace-Nr. 42" in ask("de") and "流水号 42" in ask("zh")
    rows = facts(view, {"merchant_id": "123456789"}, {"terminal_id": "29001234"}, {}, "+01:00", 7)
    said = {f["key"]: (Text.from_json(f["label"])("de"), Text.from_json(f["value"])("de")) for f in rows}
    assert said["merchant_id"] == ("VU-Nr.", "123456789") and said["reference"][1] == "pos-doctor-Lauf 7"
    assert not chinese(json.dumps([v for v in said.values()], ensure_ascii=False))


def test_check_screen_in_german_says_its_status_in_german():
    from pos_doctor.checks.model import CheckReport, CheckResult
    from pos_doctor.ui.console import Env
    from pos_doctor.ui.render_check import CATEGORIES, NEXT_STEP, STATUS_WORD, render as render_check

    report = CheckReport([
        CheckResult("printer.receipt", "printer", "critical", Text("printer is out of paper", "打印机缺纸"),
                    observed="paper_end", expected="ready", playbook="printer-paper", duration_ms=12),
        CheckResult("network.dns", "network", "ok", Text("pay → 1.2.3.4", "pay → 1.2.3.4"), duration_ms=3),
    ], "2026-01-01T00:00:00.000+00:00", "2026-01-01T00:00:01.000+00:00", 1000, fail_on="warning")
    env = Env.for_test("de", width=200)
    render_check(report, env, verbose=True)
    out = env.stdout.getvalue()
    word = STATUS_WORD["critical"]("de")
    assert word == "Probleme gefunden" or word != STATUS_WORD["critical"]("en")
    assert word in out and CATEGORIES["printer"]("de") in out and CATEGORIES["network"]("de") in out
    assert "Nächster Schritt: pos-doctor fix printer-paper — " in out
    assert "beobachtet: paper_end  erwartet: ready  (12 ms)" in out
    assert not chinese(out)
    # the template is translated, the markup stays outside it: the command is bold in every language
    assert "[bold]" in NEXT_STEP.format(command="[bold]x[/bold]", title="t")("de")
    assert TC("ui.render_check", "Problems found")("zh") == "发现问题"


def test_fix_walk_in_german_with_yes_shows_no_chinese(tmp_path, monkeypatch):
    """`fix --yes` on the simulator, the screen in German (the wizard, the checks, the verdict, the closing): no
    Chinese from the screen's own words. (The walk's text is the playbook's: its English where it has no German
    yet, and the Chinese market's menu words it names are masked out here.)"""
    from pos_doctor.cli.device_options import build_options, device_config
    from pos_doctor.fix import FixOptions, FixSession
    from pos_doctor.playbooks.library import Library
    from pos_doctor.ui.console import Env
    from pos_doctor.ui.fix_prompter import FixPrompter

    for k, v in {**FAST_LINE, "POS_DOCTOR_DATA_DIR": str(tmp_path / "data"),
                 "XDG_CONFIG_HOME": str(tmp_path / "xdg"), "CI": "1"}.items():
        monkeypatch.setenv(k, v)
    cfg = device_config(lang="en")
    lib = Library.load()
    env = Env.for_test("de", width=200)
    opts = FixOptions(device={"simulate": "paper-out"}, config=cfg, checks=build_options(cfg, simulate="paper-out"),
                      playbook_id="printer-paper", yes=True, lang="de")
    outcome = FixSession(opts, lib, FixPrompter(env)).run()
    out = env.stdout.getvalue() + env.stderr.getvalue()
    assert outcome.transcript is not None, out
    playbook_text = "\n".join(s.text("en") for s in lib.get("printer-paper").steps if s.text)
    shown = "\n".join(line for line in out.splitlines() if line.strip() and line.strip() not in playbook_text)
    assert not chinese(shown), shown
    assert "nicht von einer Person erledigt" in out or "--yes" in out
