"""The wizard as a person meets it: `pos-doctor` on a real pseudo-terminal (pty.fork: stdin, stdout and stderr are
the terminal, Ctrl-C is the byte 0x03 turned into SIGINT by the line discipline), in English and Chinese."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Session:
    """`sigint`: how the CLI inherits SIGINT. A person's terminal starts programs with the default (SIG_DFL), as a
    shell does for its foreground jobs, whatever the test runner inherited; "ignored" is what a program started from a
    background job of a script inherits (a CI runner's `pytest &`): Ctrl-C at its own terminal must still stop it."""

    def __init__(self, tmp_path, *args, lang="en", cols=200, sigint="default", sighup="default"):
        env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_") and k != "CI"}
        env.update(POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "xdg"),
                   POS_DOCTOR_LANG=lang, TERM="xterm", COLUMNS=str(cols), NO_COLOR="1")
        pid, fd = pty.fork()
        if pid == 0:  # the child: exec the CLI on the terminal
            try:
                os.chdir(tmp_path)
                signal.signal(signal.SIGINT, signal.SIG_IGN if sigint == "ignored" else signal.SIG_DFL)
                signal.signal(signal.SIGHUP, signal.SIG_IGN if sighup == "ignored" else signal.SIG_DFL)  # nohup
                os.execve(sys.executable, [sys.executable, "-m", "pos_doctor", *args], env)
            finally:
                os._exit(127)  # never back into the test runner's code in the forked child
        self.pid, self.fd, self.buf, self.seen = pid, fd, "", 0

    def read_until(self, pattern: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while not rx.search(self.text[self.seen:]):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {pattern!r}; screen so far:\n{self.text[-2500:]}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the child exited and the pty closed
                    chunk = b""
                if not chunk:
                    if not rx.search(self.text[self.seen:]):
                        raise AssertionError(f"program ended before {pattern!r}:\n{self.text[-2500:]}")
                    break
                self.buf += chunk.decode("utf-8", "replace")
        return self.text

    @property
    def text(self) -> str:
        return ANSI.sub("", self.buf).replace("\r", "")

    def send(self, line: str) -> None:
        os.write(self.fd, line.encode("utf-8") + b"\r")

    def prompt(self, pattern: str, answer: str) -> None:
        """Wait until the question (and its '>' prompt) is on screen, then answer it; later waits look only at
        what comes after this answer."""
        self.read_until(pattern + r"[\s\S]*>\s*$")
        self.seen = len(self.text)
        self.send(answer)

    def wait(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.2)
                if ready:
                    self.buf += os.read(self.fd, 65536).decode("utf-8", "replace")
            except OSError:
                pass
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                try:
                    while select.select([self.fd], [], [], 0.1)[0]:
                        chunk = os.read(self.fd, 65536)
                        if not chunk:
                            break
                        self.buf += chunk.decode("utf-8", "replace")
                except OSError:
                    pass
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        raise AssertionError(f"did not finish:\n{self.text[-12000:]}")


def _now() -> str:
    from datetime import datetime, timedelta

    return (datetime.now() - timedelta(minutes=1)).strftime("%H:%M")


def test_menu_walk_back_and_resolve_in_english(tmp_path):
    s = Session(tmp_path, "fix", "--simulate", "declined-reversal-pending")
    s.prompt(r"What is happening at the till\?", "2")                       # the menu: dropped transaction
    s.prompt(r"Step 1 ·[\s\S]*1\) By card at the terminal", "1")
    s.prompt(r"Step 2 ·", "98.00")
    s.prompt(r"Step 3 ·", "b")                                            # back to the amount
    s.prompt(r"Step 2 ·", "99,00")
    s.prompt(r"Step 3 ·", _now())
    s.prompt(r"Step 4 ·[\s\S]*last four digits", "")                     # no card number on the message
    s.read_until(r"Verdict: the customer was NOT charged for this payment\.")
    s.prompt(r"it is a hold: the terminal reverses it automatically", "")   # the reversal explained first
    code = s.wait()
    assert code == 0, s.text[-2000:]
    screen = re.sub(r"\s+", " ", s.text)
    assert "declined" in screen and "99.00" in screen                       # the record it was compared with
    assert "you may now take the payment again" in screen
    assert "Fixed, and the checks confirm it." in screen
    assert "Traceback" not in screen


def test_chinese_walk_with_receipt_copy(tmp_path):
    import yaml

    sc = tmp_path / "paid-no-paper.yaml"
    sc.write_text(yaml.safe_dump({"spec": 1, "name": "paid-no-paper", "description": {"en": "x", "zh": "x"},
                                  "terminal": {"last_transaction": {"result": 0, "amount": 1250, "currency": 156}},
                                  "printer": {"paper": "out", "heal_after": 2}}), encoding="utf-8")
    s = Session(tmp_path, "fix", "no-receipt-charged", "--simulate", str(sc), lang="zh")
    s.prompt(r"第 1 步[\s\S]*1）在POS机上刷卡", "1")
    s.prompt(r"第 2 步[\s\S]*客人手机上显示的金额", "12.50")
    s.prompt(r"第 3 步", "")                                                    # required: refused, asked again
    s.prompt(r"这一项必须填写。", _now())
    s.prompt(r"第 4 步[\s\S]*卡号后四位", "")                                    # the message shows no card number
    s.read_until(r"结论：客人已被扣款。不要再收一次。")                            # the verdict, in Chinese
    s.prompt(r"告诉客人这笔交易已成功", "")
    s.prompt(r"打开打印机盖", "")                                              # the included paper procedure
    s.prompt(r"现在补打吗？只是重印，不会扣款", "y")                               # asks before printing
    s.read_until(r"小票副本[\s\S]*AMOUNT 12\.50 CNY[\s\S]*\*\*\* COPY \*\*\*")  # the copy, drawn as a receipt
    s.prompt(r"回车＝是", "")
    code = s.wait()
    assert code == 0, s.text[-2000:]
    assert "现在处理：小票纸用完或快用完" in s.text and "回到：POS机不出小票" in s.text
    assert "已解决，检查确认无误。" in s.text


def test_chinese_screen_never_offers_to_charge_again_on_an_unknown_verdict(tmp_path):
    # the first case at a real terminal: the customer shows 99.00, the terminal a declined 49.99
    s = Session(tmp_path, "fix", "charged-no-response", "--simulate", "last-declined", lang="zh")
    s.prompt(r"第 1 步", "1")
    s.prompt(r"第 2 步[\s\S]*客人手机上显示的金额", "99")
    s.prompt(r"第 3 步", _now())
    s.prompt(r"第 4 步[\s\S]*卡号后四位", "")
    s.read_until(r"结论：无法确认[\s\S]*依据：[\s\S]*比对过的POS机交易")
    s.prompt(r"目前还不能确认客人是否已被扣款", "q")
    assert s.wait() == 130
    flat = s.text.replace("\n", "")
    assert "可以重新收款" not in flat and "None" not in flat
    assert not re.search(r"[A-Za-z]{3,}", flat[flat.index("结论："):flat.index("目前还不能确认")]
                         .replace("POS", "").replace("CNY", "")), "English on the zh verdict screen"


def test_ctrl_c_keeps_progress_and_resume_continues(tmp_path):
    s = Session(tmp_path, "fix", "funds-not-arrived", "--simulate", "healthy")
    s.prompt(r"Step 1 ·", "1")
    s.prompt(r"Step 2 ·", "88")
    s.read_until(r"Step 3 ·[\s\S]*>\s*$")
    os.write(s.fd, b"\x03")                                                   # Ctrl-C at the keyboard
    code = s.wait()
    assert code == 130
    assert "Your progress is saved; continue with: pos-doctor fix --resume" in s.text
    saved = json.loads(next((tmp_path / "data" / "stopped-walks").glob("*.json")).read_text(encoding="utf-8"))
    assert saved["state"]["values"] == {"payment_method": "card", "missing_amount": "88.00"}
    r = Session(tmp_path, "fix", "--resume")
    r.prompt(r"Step 3 ·", "10:30")                                        # continues where it stopped
    r.prompt(r"Step 4 ·", "")
    r.prompt(r"Step 5 ·", "1")                                            # found it
    assert r.wait() == 0, r.text[-2000:]  # found it: resolved, and the re-check passes (as the answers-file run)
    assert "Step 2 ·" not in r.text and " of 21" not in r.text
    assert not list((tmp_path / "data" / "stopped-walks").glob("*.json"))


@pytest.mark.parametrize("sigint", ["default", "ignored"])
def test_ctrl_c_stops_the_walk_however_sigint_was_inherited(tmp_path, sigint):
    # A script's background job (CI: `.ci/run &`, a launcher) passes SIGINT on ignored; the wizard at its own
    # terminal is the foreground program there, and Ctrl-C must stop it, not leave it waiting for an answer.
    s = Session(tmp_path, "fix", "funds-not-arrived", "--simulate", "healthy", sigint=sigint)
    s.prompt(r"Step 1 ·", "1")
    s.read_until(r"Step 2 ·[\s\S]*>\s*$")          # the amount, not answered yet
    os.write(s.fd, b"\x03")
    code = s.wait(timeout=30)
    assert code == 130, s.text[-2000:]
    assert "Your progress is saved; continue with: pos-doctor fix --resume" in s.text
    saved = json.loads(next((tmp_path / "data" / "stopped-walks").glob("*.json")).read_text(encoding="utf-8"))
    assert saved["state"]["values"]["payment_method"] == "card" and "missing_amount" not in saved["state"]["values"]


@pytest.mark.parametrize("sighup", ["default", "ignored"])
def test_a_walk_whose_terminal_goes_away_ends_and_keeps_its_progress(tmp_path, sighup):
    # the window is closed (the pty's master end: SIGHUP to the CLI, then end of input): started under `nohup` or
    # not, the walk must not be left running with nobody to answer it
    s = Session(tmp_path, "fix", "funds-not-arrived", "--simulate", "healthy", sighup=sighup)
    s.prompt(r"Step 1 ·", "1")
    s.read_until(r"Step 2 ·[\s\S]*>\s*$")          # the amount, not answered yet
    os.close(s.fd)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done, status = os.waitpid(s.pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(s.pid, 9)
        os.waitpid(s.pid, 0)
        raise AssertionError("the walk kept running after its terminal went away")
    code = os.waitstatus_to_exitcode(status)
    assert code == (-signal.SIGHUP if sighup == "default" else 130), code
    saved = json.loads(next((tmp_path / "data" / "stopped-walks").glob("*.json")).read_text(encoding="utf-8"))
    assert saved["state"]["values"]["payment_method"] == "card"  # saved at each step: nothing answered is lost


def test_check_offers_the_recommended_playbook(tmp_path):
    s = Session(tmp_path, "check", "--simulate", "paper-out")
    s.prompt(r"Start the guided fix: Receipt paper is out or nearly out\? \[Y/n\]", "n")
    assert s.wait() == 2                                                      # declined: check's own exit code
    s = Session(tmp_path, "check", "--simulate", "paper-out")
    s.prompt(r"\[Y/n\]", "")
    s.prompt(r"Step 1 ·", "")
    s.prompt(r"Step 2 ·[\s\S]*waiting for their slip\?", "")   # Enter: the safe answer, nobody is waiting (issue 23)
    assert s.wait() == 0
    assert "Fixed, and the checks confirm it." in s.text


def _first_case_per_playbook():
    from tests.cli.test_fix import CASES

    seen, out = set(), []
    for case in CASES:
        if case[0] not in seen:
            seen.add(case[0])
            out.append(case)
    return out


def _typed(answer) -> str:
    """What a person types for an answer the answers-file run recorded."""
    return {None: "", "skipped": "s"}.get(answer, str(answer)) if not isinstance(answer, bool) else ("yes" if answer else "no")


@pytest.mark.parametrize("case", _first_case_per_playbook(), ids=lambda c: c[0])
def test_every_playbook_typed_at_the_keyboard_walks_like_its_answers_file(tmp_path, scripted_walk, case):
    """Each shipped playbook on a real terminal: the person types, at each prompt, what the scripted run answered;
    the walk (steps, exit code, outcome) must be the same — the interactive path is not a second, untested engine."""
    from tests.cli.test_fix import at_run_time

    pid, sc, answers, code, outcome, _, _ = case
    answers = at_run_time(answers)
    scripted, sim, _ = scripted_walk(case)  # the answers-file run test_fix.py asserts on, not a second one
    doc = json.loads(scripted.stdout)
    asked = [s for s in doc["steps"] if "answer" in s]
    s = Session(tmp_path, "fix", pid, "--simulate", sim)
    for step in asked:
        s.read_until(r">\s*$", timeout=60)
        s.seen = len(s.text)
        # what the person typed, as the answers file has it (the transcript keeps a phone number masked)
        s.send(str(answers[step["id"]]) if step["id"] in answers else _typed(step["answer"]))
    from tests.cli.test_fix import scripted_code

    assert s.wait() == code, s.text[-2500:]  # a person typed every answer: their hands did the steps
    assert scripted.returncode == scripted_code(doc, code)  # the --yes run: not verified when --yes did them
    assert "Traceback" not in s.text
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(POS_DOCTOR_DATA_DIR=str(tmp_path / "data"))
    hist = json.loads(subprocess.run([sys.executable, "-m", "pos_doctor", "history", "--json"], env=env,
                                     capture_output=True, text=True, check=True).stdout)["runs"]
    rid = next(r["id"] for r in hist if r["kind"] == "fix")
    rep = json.loads(subprocess.run([sys.executable, "-m", "pos_doctor", "report", str(rid), "--format", "json"], env=env,
                                    capture_output=True, text=True, check=True).stdout)
    assert [st["id"] for st in rep["steps"]] == [st["id"] for st in doc["steps"]]
    assert rep["outcome"] == doc["outcome"] == outcome
