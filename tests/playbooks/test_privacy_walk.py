"""Card and phone numbers a person types during a fix never leave the engine in clear: not on the screen, not in the
transcript (JSON), not in the database, not in any report (generated Luhn-valid numbers, the real walk)."""

from __future__ import annotations

import json
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings

from pos_doctor.checks.runner import CheckOptions
from pos_doctor.checks.session import open_session
from pos_doctor.fix.transcript import transcript
from pos_doctor.playbooks.actions import DeviceServices
from pos_doctor.playbooks.answers import AnswersFile, AnswerSource
from pos_doctor.playbooks.engine import Walk, WalkState
from pos_doctor.playbooks.library import Library
from pos_doctor.records.report import build_model, render
from pos_doctor.records.store import Store
from pos_doctor.ui.console import Env
from pos_doctor.ui.wizard import WizardUI
from tests.oracles import assert_pan_hidden
from tests.records.test_privacy_paths import pans, phones

PLAYBOOK = """\
spec: 1
id: privacy-walk
title: {en: "Privacy", zh: "隐私"}
summary: {en: "S", zh: "概"}
steps:
  - id: read
    kind: action
    action: last_transaction
    text: {en: "Reading.", zh: "读取。"}
  - id: phone
    kind: record
    field: customer_phone
    type: phone
    text: {en: "Phone?", zh: "电话？"}
  - id: notes
    kind: record
    field: contact_notes
    type: text
    text: {en: "Notes?", zh: "备注？"}
  - id: help
    kind: escalate
    to: {en: "the bank", zh: "银行"}
    evidence: [last_transaction, customer_phone, contact_notes, steps_taken]
    text: {en: "Call.", zh: "打电话。"}
"""


@pytest.fixture(scope="module")
def walk_env(tmp_path_factory):
    d = tmp_path_factory.mktemp("pb")
    (d / "privacy-walk.yaml").write_text(textwrap.dedent(PLAYBOOK), encoding="utf-8")
    # generous timeouts: no device here is slow or dead, and a busy machine must not turn a check into a timeout
    with open_session(CheckOptions(simulate="dropped-transaction", timeout=60, check_timeout=30)) as session:
        yield Library.load([d]), DeviceServices(session), session


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(pan=pans, phone=phones)
def test_typed_numbers_are_masked_on_every_path(walk_env, tmp_path_factory, pan, phone):
    lib, services, session = walk_env
    answers = AnswersFile()
    answers.data = {"phone": phone, "notes": f"card {pan} used, call {phone}"}
    outputs = []
    for lang in ("en", "zh"):
        env = Env.for_test(lang=lang)
        state = WalkState(playbook="privacy-walk")
        Walk(lib, services, AnswerSource(WizardUI(env), answers, yes=True, interactive=False), state).run()
        doc = transcript(lib, state, dict(session.target), 2)
        outputs += [env.stdout.getvalue(), env.stderr.getvalue(), json.dumps(doc, ensure_ascii=False),
                    json.dumps(state.to_json(), ensure_ascii=False)]
    db = tmp_path_factory.mktemp("db") / "h.db"
    with Store(db) as store:
        rid = store.record("fix", doc)
        model = build_model(store.get_run(rid))
        outputs += [render(model, f, lang) for f in ("md", "html", "json") for lang in ("en", "zh")]
    raw = b"".join(p.read_bytes() for p in db.parent.iterdir() if p.is_file())
    for out in outputs:
        assert pan not in out and phone not in out
    assert pan.encode() not in raw and phone.encode() not in raw
    assert_pan_hidden(pan, *outputs, raw.decode("latin-1"))  # not even 8 + 4 of it
    assert phone[-4:] in outputs[0]  # masked, not dropped: the last four digits stay for the call back
