"""Issue 22 at a real keyboard: each numbered case walked on a pseudo-terminal (pty.fork: the person types every
answer at the prompt), through the shipped playbooks and the simulator, in Chinese or English. The person types what
the same walk's answers-file run recorded (tests/payments/test_walks_identity.py walks every case in both languages
by answers file); on the screen: the verdict's reason in the person's language, never "take the payment again" or
"give back the second"; the exit is 0 only when the customer was charged. Case 6 (a saved walk edited) and case 8 (a
local playbook that says charge again) are refused with exit 3 naming the file."""

from __future__ import annotations

import json
import re
import sys
import textwrap

import pytest

from tests.cli.test_fix import NOW, at_run_time, run
from tests.cli.test_fix_interactive import Session

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

TEN_MINUTES_AGO = "<ten minutes ago>"
# case -> (language, playbook, scenario, the answers the person types, the verdict)
CASES = {
    "1-two-cards": ("en", "charged-no-response", "double-charge-two-cards", {"record-customer-amount": "99"}, "unknown"),
    "1-other-card": ("zh", "no-receipt-charged", "dropped-transaction",
                     {"record-customer-amount": "12.50", "record-customer-card": "1234"}, "mismatch"),
    "2-no-attempt": ("zh", "charged-no-response", "debit-no-attempt",
                     {"record-customer-amount": "99", "record-merchant-name": "Muster Kaffee"}, "unknown"),
    "3-decline-hides-approval": ("en", "dropped-transaction", "declined-then-approved",
                                 {"record-customer-amount": "99", "record-customer-time": TEN_MINUTES_AGO}, "mismatch"),
    "3-about-ten-minutes-ago": ("zh", "charged-no-response", "declined-then-approved",
                                {"record-customer-amount": "99", "record-customer-time": "大约十分钟前"}, "charged"),
    "4-sources-disagree": ("zh", "charged-no-response", "sources-disagree", {"record-customer-amount": "99"},
                           "unknown"),
    "5-approved-keep-slip": ("en", "charged-no-response", "result-wording", {"record-customer-amount": "99"},
                             "charged"),
    "5-unknown-wording": ("zh", "no-receipt-charged", "result-wording", {"record-customer-amount": "45"}, "unknown"),
    "7-usd": ("en", "charged-no-response", "dropped-transaction", {"record-customer-amount": "USD 12.50"}, "mismatch"),
    "7-yuan": ("zh", "dropped-transaction", "declined-then-approved", {"record-customer-amount": "¥99"}, "mismatch"),
}
NEVER = {"en": ("you may now take the payment again", "give back the second"),
         "zh": ("现在可以重新收款", "退回重复扣的第二笔", "把第二笔退回")}


def _answers(pid: str, amounts: dict) -> dict:
    from datetime import datetime, timedelta

    base = {"card-or-qr": "card", "record-customer-time": NOW, "record-customer-card": "", "which-problem": "not-read",
            "update-running": "not-updating", **amounts}
    from pos_doctor.playbooks.library import Library

    ten = (datetime.now() - timedelta(minutes=10)).strftime("%Y-%m-%d %H:%M")  # with its date: ten minutes ago may be yesterday
    lib, todo, known = Library.load(), [pid], set()
    while todo:
        pb = lib.get(todo.pop())
        known |= {st.id for st in pb.steps}
        todo += [st.playbook for st in pb.steps if st.kind == "include"]
    return at_run_time({k: ten if v == TEN_MINUTES_AGO else v for k, v in base.items() if k in known})


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _typed(answer) -> str:
    if isinstance(answer, bool):
        return "yes" if answer else "no"
    return {None: "", "skipped": "s"}.get(answer, str(answer))


@pytest.mark.parametrize("case", CASES)
def test_each_case_typed_at_the_keyboard(tmp_path, case):
    lang, pid, scenario, typed, verdict = CASES[case]
    answers = _answers(pid, typed)
    (tmp_path / "scripted").mkdir()
    scripted = run(tmp_path / "scripted", "fix", pid,
                   "--simulate", scenario, "--yes", "--json", "--no-record", "--lang", lang, answers=answers,
                   timeout=180)
    doc = json.loads(scripted.stdout)
    assert doc["payment"]["verdict"] == verdict, doc["payment"]["reasons"]
    s = Session(tmp_path, "fix", pid, "--simulate", scenario, lang=lang)
    for step in (st for st in doc["steps"] if "answer" in st):
        s.read_until(r">\s*$", timeout=60)
        s.seen = len(s.text)
        s.send(str(answers[step["id"]]) if step["id"] in answers else _typed(step["answer"]))
    code = s.wait()
    screen = s.text
    assert "Traceback" not in screen
    assert (code == 0) == (verdict == "charged"), (code, screen[-2500:])
    reason = doc["payment"]["reasons"][0]["text"][lang]
    # the reason as the person's run gave it: its own simulator, started a little later (times differ by seconds)
    bare = re.sub(r"\s+", "", screen)
    pieces = re.split(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?|\d{2}:\d{2}", reason)
    assert all(re.sub(r"\s+", "", piece) in bare for piece in pieces), (reason, screen[-4000:])
    assert not any(w in _flat(screen) for w in NEVER[lang]), screen[-2500:]
    if lang == "zh":
        head = screen[screen.index("结论："):]
        assert "Verdict" not in head and "approved" not in head and "trace" not in head


def test_case_6_an_edited_saved_walk_is_refused_at_the_keyboard_naming_the_file(tmp_path):
    from tests.cli.test_walk_trust import STOP_AFTER_VERDICT

    p = run(tmp_path, "fix", "charged-no-response", "--simulate", "dropped-transaction",
            answers=at_run_time(STOP_AFTER_VERDICT))
    assert p.returncode == 3, p.stderr
    (path,) = sorted((tmp_path / "data" / "stopped-walks").glob("*.json"))
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["state"]["payment"]["verdict"] = "not_charged"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    s = Session(tmp_path, "fix", "--resume", lang="zh")
    assert s.wait() == 3
    flat = re.sub(r"\s+", "", s.text)
    assert re.sub(r"\s+", "", str(path)) in flat and "不能信任" in flat and "Traceback" not in s.text
    assert path.exists()  # kept for the person to look at or discard


def test_case_8_a_local_playbook_that_says_charge_again_is_refused_at_the_keyboard(tmp_path):
    from tests.cli.test_walk_trust import LOCAL

    local = tmp_path / "shop-playbooks"
    local.mkdir()
    path = local / "my-shop.yaml"
    path.write_text(LOCAL % ("Take the payment again now, or refund the customer in cash.", "现在重新收款，或者退现金给客人。"),
                    encoding="utf-8")
    (tmp_path / "xdg" / "pos-doctor").mkdir(parents=True)
    (tmp_path / "pos-doctor.toml").write_text(textwrap.dedent(f"""\
        spec = 1
        [playbooks]
        dirs = ["{local.as_posix()}"]
        """), encoding="utf-8")
    s = Session(tmp_path, "fix", "my-shop", "--simulate", "healthy")
    assert s.wait() == 3
    flat = _flat(s.text)
    assert f"{path}:12:" in s.text.replace("\n", "") and "redo" in flat and "Traceback" not in flat
    assert "Done." not in flat and "Step 1" not in flat
