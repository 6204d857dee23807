"""`FixSession` without the CLI: a scripted prompter plays the person, the simulator runs on real ptys (the same
port-opening code as hardware), and the run lands in a temporary history database."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from pos_doctor.checks.runner import CheckOptions
from pos_doctor.config import load_config
from pos_doctor.fix import FixOptions, FixOutcome, FixSession
from pos_doctor.fix.session import CHECK_FIRST
from pos_doctor.i18n import Text
from pos_doctor.playbooks.library import Library
from pos_doctor.records.store import Store


class ScriptedPrompter:
    """The person, scripted: answers by step id (a step not in the script takes its suggested answer, as a person
    pressing Enter would; a step without one fails the test), menu picks by item id, yes/no by a fixed reply."""

    def __init__(self, answers: dict[str, Any] | None = None, *, menu: list[str] | None = None, yes_no: bool = True):
        self.answers = answers or {}
        self.menu_picks = list(menu or [])
        self.reply = yes_no
        self.lang = "en"
        self.walk_state: Any = None
        self.asked: list[str] = []
        self.said: list[str] = []
        self.notes: list[str] = []
        self.reports: list[Any] = []

    @property
    def interactive(self) -> bool:
        return True

    def say(self, text: Text, style: str = "") -> None:
        self.said.append(text(self.lang))

    def note(self, text: Text) -> None:
        self.notes.append(text(self.lang))

    def menu(self, title: Text, items: list[tuple[str, Text]], default: int = 1, *, aside: bool = False) -> int | None:
        pick = self.menu_picks.pop(0)
        return [k for k, _ in items].index(pick)

    def yes_no(self, question: Text, default: bool = True) -> bool:
        self.said.append(question(self.lang))
        return self.reply

    def check_rows(self, results: list[dict]) -> None:
        self.said += [f"{r['id']}: {r['status']}" for r in results]

    def show_report(self, report: Any) -> None:
        self.reports.append(report)

    def evidence(self, values: dict) -> list[str]:
        return [f"{k}: {v}" for k, v in values.items()]

    def speak(self, lang: str | None) -> None:
        self.lang = lang or "en"

    def progress(self) -> tuple[None, None, Any]:
        return None, None, lambda: None

    def ask(self, prompt: Any) -> Any:
        self.asked.append(prompt.step.id)
        if prompt.step.id in self.answers:
            return self.answers[prompt.step.id]
        assert prompt.default is not None, f"the script has no answer for {prompt.key}"
        return prompt.default

    def echo(self, prompt: Any, value: Any, source: str) -> None:
        raise AssertionError("a person's answers are not echoed: no answers file, no --yes here")

    def show(self, event: str, **info: Any) -> None:
        pass


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A configuration and a history database of the test's own (never the real home)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("POS_DOCTOR_DATA_DIR", str(tmp_path / "data"))
    for name in ("POS_DOCTOR_LANG", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fix(scenario: str, prompter: ScriptedPrompter, playbook_id: str | None) -> FixOutcome:
    cfg = load_config({"language": "en"})
    # generous deadlines: no device here is slow or dead, and a busy machine must not turn a check into a timeout
    checks = CheckOptions(simulate=scenario, timeout=60, check_timeout=30)
    options = FixOptions(device={"simulate": scenario}, config=cfg, checks=checks, playbook_id=playbook_id)
    return FixSession(options, Library.load(), prompter).run()


def recorded(home, outcome: FixOutcome) -> dict:
    assert outcome.transcript is not None and outcome.recording
    run_id = outcome.transcript["run_id"]
    assert isinstance(run_id, int)
    with Store(home / "data" / "history.db") as store:
        run = store.get_run(run_id)
    assert run is not None and run["kind"] == "fix"
    return run["document"]


def test_a_printer_paper_walk_resolved_by_the_person_is_verified_and_recorded(home):
    p = ScriptedPrompter()
    outcome = fix("paper-out", p, "printer-paper")
    doc = outcome.transcript
    assert doc is not None and outcome.error is None
    assert outcome.exit_code == 0  # a person did the steps and the printer check confirms it
    assert (doc["outcome"], doc["verified"], doc["status"], doc["exit_code"]) == ("resolved", True, "ok", 0)
    steps = [s["id"] for s in doc["steps"]]
    assert steps[0] == "open-and-load" and steps[-1] == "done" and "get-help" not in steps
    assert all(s.get("answered_by", "person") == "person" for s in doc["steps"])
    assert "open-and-load" in p.asked
    assert doc["target"]["simulated"] is True and doc["target"]["scenario"] == "paper-out"
    assert doc["playbook"]["id"] == "printer-paper" and doc["payment"] is None
    assert "Fixed, and the checks confirm it." in p.said
    saved = recorded(home, outcome)
    assert saved["playbook"]["id"] == "printer-paper" and [s["id"] for s in saved["steps"]] == steps
    assert saved["outcome"] == "resolved" and saved["exit_code"] == 0
    assert not list((home / "data").glob("stopped-walks/*.json"))  # the walk's own progress file is gone


def test_a_charged_no_response_walk_settles_the_payment_from_the_terminal_records(home):
    now = (datetime.now() - timedelta(minutes=1)).strftime("%H:%M")  # the simulator's payment is minutes old
    p = ScriptedPrompter({"card-or-qr": "card", "record-customer-amount": "12.50", "record-customer-time": now})
    outcome = fix("dropped-transaction", p, "charged-no-response")
    doc = outcome.transcript
    assert doc is not None
    assert outcome.exit_code == 0 and doc["outcome"] == "resolved"
    steps = [s["id"] for s in doc["steps"]]
    assert "reconcile" in steps and "tell-customer-paid" in steps
    assert "charge-again" not in steps  # the customer was charged: nothing lets staff take the money again
    assert doc["payment"]["verdict"] == "charged" and doc["payment"]["double_charge"] is False
    saved = recorded(home, outcome)
    assert saved["payment"]["verdict"] == "charged" and [s["id"] for s in saved["steps"]] == steps


def test_checks_first_with_nothing_found_records_a_fix_without_a_walk(home):
    p = ScriptedPrompter(menu=[CHECK_FIRST, "quit"])  # "not sure": check first; all pass; nothing else happened
    outcome = fix("healthy", p, None)
    doc = outcome.transcript
    assert doc is not None and outcome.exit_code == 0
    assert len(p.reports) == 1 and p.reports[0].status == "ok"
    assert (doc["playbook"], doc["steps"], doc["outcome"], doc["status"]) == (None, [], None, "ok")
    assert doc["reason"]["en"] == "All checks pass: the devices look fine."
    assert doc["checks"] and all(c["status"] in ("ok", "skipped") for c in doc["checks"])
    assert doc["timing"]["device_budget_s"] is not None  # the one builder adds the device time here too
    # the same keys, in the same order, as a walk's transcript up to its last common key
    assert list(doc)[:17] == ["schema_version", "tool", "kind", "playbook", "status", "exit_code", "outcome",
                              "verified", "timing", "target", "steps", "answers", "values", "checks",
                              "last_transaction", "payment", "escalations"]
    assert recorded(home, outcome)["reason"] == doc["reason"]
