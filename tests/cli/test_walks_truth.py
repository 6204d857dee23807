"""Issue 23 through the CLI, in English and Chinese: advice that does not hurt, nothing claimed that nobody observed,
screens a cashier can read. Each test runs `pos-doctor` as a subprocess (answers files) or on a real pty."""

from __future__ import annotations

import json
import re
import sys

import pytest

from tests.cli.test_fix import NOW, at_run_time, card, run as _run
from tests.i18n.zhlint import screen_problems

# the line speed is not the point of these walks (what they say and do is): both lines at 115200 baud instead of
# 9600, set as the configuration's environment variables so every run of the module gets it, flags still win
FAST_LINE = {"POS_DOCTOR_TERMINAL_BAUD": "115200", "POS_DOCTOR_PRINTER_BAUD": "115200"}


def run(tmp_path, *args, env=None, **kw):
    return _run(tmp_path, *args, env={**FAST_LINE, **(env or {})}, **kw)


LANGS = ["en", "zh"]


def zh_problems(screen: str) -> list[str]:
    """zh lint of a screen, less the data it shows as it is (a UTC offset, a terminal's model name)."""
    return [b for b in screen_problems(screen) if "'UTC'" not in b and "'SIM-" not in b]


def _walked(doc: dict) -> list[str]:
    return [s["id"] for s in doc["steps"]]


def fix(tmp_path, lang, pid, scenario, answers=None, *more):
    p = run(tmp_path, "fix", pid, "--simulate", scenario, "--json", "--lang", lang, *more,
            answers=at_run_time(answers) if answers is not None else None)
    assert "Traceback" not in p.stderr, p.stderr
    return p, (json.loads(p.stdout) if p.stdout.strip() else None)


# --- advice that hurts -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_check_during_an_update_says_only_wait_and_suggests_no_walk(tmp_path, lang):
    p = run(tmp_path, "check", "--simulate", "busy-updating", "--lang", lang)
    assert "Traceback" not in p.stderr
    assert "pos-doctor fix" not in p.stdout, p.stdout  # every walk would update or restart the terminal
    assert ("只需等待" if lang == "zh" else "Only wait") in p.stdout
    assert ("一小时" if lang == "zh" else "an hour") in p.stdout  # what to do if it hangs


@pytest.mark.parametrize("lang", LANGS)
def test_terminal_software_while_an_update_runs_only_waits(tmp_path, lang):
    p, doc = fix(tmp_path, lang, "terminal-software", "busy-updating",
                 {"update-running": "updating", "wait-update": "done", "update-finished": "no"})
    assert p.returncode == 2 and doc["outcome"] == "escalated"
    assert _walked(doc) == ["update-running", "wait-update", "update-finished", "get-help"]
    screen = p.stderr
    assert ("等10秒" not in screen and "开始软件更新" not in screen) if lang == "zh" else \
        ("wait 10 seconds" not in screen and "Start the software update" not in screen)
    assert ("不要关机" if lang == "zh" else "Do not switch the terminal off") in screen


@pytest.mark.parametrize("lang", LANGS)
def test_no_status_received_is_no_reason_to_update(tmp_path, lang):
    # dead terminal: the software check receives nothing; that is not "old software"
    p, doc = fix(tmp_path, lang, "charged-no-response", "dead-terminal",
                 card("12.50", **{"update-running": "not-updating", "typed-offer": "cannot"}), "--yes")
    walked = _walked(doc)
    assert "check-software" in walked and "software-not-old" in walked and "update-software" not in walked, walked
    assert doc["outcome"] == "escalated"
    assert ("POS机软件需要更新" not in p.stderr) if lang == "zh" else ("software needs an update" not in p.stderr)
    # 入账 is not the word for "the debit went through": a cashier reads it as "arrived in our account"
    if lang == "zh":
        assert "入账" not in p.stderr and "不是临时冻结" in p.stderr
    else:
        assert "not a hold, not reversed" in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_terminal_clock_asks_for_a_log_on_never_an_end_of_day(tmp_path, lang):
    p, doc = fix(tmp_path, lang, "terminal-clock", "clock-wrong", None, "--yes")
    step = next(s for s in doc["steps"] if s["id"] == "sync")
    assert "签到" in step["text"]["zh"] and "签到或日结" not in step["text"]["zh"]
    if lang == "zh":
        assert "做一次签到" in p.stderr and "签到或日结" not in p.stderr
    else:
        assert "do a log-on" in p.stderr and "log-on or an end-of-day" not in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_fraud_cannot_tell_goes_to_the_records_not_dismissal(tmp_path, lang):
    p, doc = fix(tmp_path, lang, "suspected-fraud", "healthy",
                 {"record-customer-amount": "30", "record-customer-time": "09:10", "whose-charge": "unclear",
                  "found": "not-found"}, "--yes")
    walked = _walked(doc)
    assert "search-records" in walked and "card-bank" not in walked, walked
    assert ("不是本店的" not in p.stderr) if lang == "zh" else ("not from this shop" not in p.stderr)
    assert ("支付服务商登记的名称" if lang == "zh" else "registered with the payment provider") in p.stderr


def _amount_dispute(tmp_path, lang, whose):
    return fix(tmp_path, lang, "card-payment-problem", "dropped-transaction",
               {"card-or-qr": "card", "which-problem": "amount", "record-debited-amount": "12.50",
                "record-debited-time": NOW, "record-debited-card": "0019", "whose-error": whose}, "--yes")


@pytest.mark.parametrize("lang", LANGS)
def test_overcharge_void_needs_card_password_and_slip_first(tmp_path, lang):
    p, doc = _amount_dispute(tmp_path, lang, "our-error")
    assert doc["payment"]["verdict"] == "charged" and "refund-difference" in _walked(doc)
    if lang == "zh":
        assert "停下这笔交易" not in p.stderr
        assert "原卡" in p.stderr and "主管密码" in p.stderr and "撤销单" in p.stderr
    else:
        assert "stop this transaction" not in p.stderr and "nothing to stop" in p.stderr
        assert "original card" in p.stderr and "supervisor password" in p.stderr and "void slip" in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_undercharge_is_handled(tmp_path, lang):
    p, doc = _amount_dispute(tmp_path, lang, "undercharged")
    assert "undercharged" in _walked(doc) and "refund-difference" not in _walked(doc)
    assert ("只把差额另收一笔" if lang == "zh" else "just the difference") in p.stderr


def _funds(provider_found, lang, tmp_path, **more):
    return fix(tmp_path, lang, "funds-not-arrived", "dropped-transaction",
               {"card-or-qr": "card", "record-amount": "88", "record-time": "10:30", "really-missing": "missing",
                "provider-explains": "unknown", "provider-found": provider_found, **more}, "--yes")


@pytest.mark.parametrize("lang", LANGS)
def test_funds_unknown_asks_the_providers_records_and_keeps_a_follow_up_date(tmp_path, lang):
    p, doc = _funds("delayed", lang, tmp_path, **{"wait-for-money": "2026-12-10"})
    walked = _walked(doc)
    assert walked[-3:] == ["provider-records", "provider-found", "wait-for-money"] or \
        ["provider-records", "provider-found", "wait-for-money", "waiting"] == walked[-4:], walked
    assert "choose-channel" not in walked  # not the customer first
    assert doc["values"]["follow_up_date"] == "2026-12-10" and doc["outcome"] == "not_resolved"
    assert p.returncode == 2


@pytest.mark.parametrize("lang", LANGS)
def test_funds_escalation_gives_the_missing_payment_not_the_last_one(tmp_path, lang):
    p, doc = _funds("unknown", lang, tmp_path, **{"keep-record": "asked"})
    esc = doc["escalations"][-1]
    assert "last_transaction" not in esc["evidence"] and esc["evidence"]["missing_amount"] == "88.00"
    assert ("POS机最后一笔" not in p.stderr) if lang == "zh" else ("Terminal's last payment" not in p.stderr)


@pytest.mark.parametrize("lang", LANGS)
def test_a_reprint_is_the_last_payment_and_the_cashier_is_told(tmp_path, lang):
    from tests.cli.test_fix import APPROVED, scenario

    sim = scenario(tmp_path, "paid-no-paper", APPROVED, {"paper": "out", "heal_after": 2})
    p, doc = fix(tmp_path, lang, "no-receipt-charged", sim, card("12.50"), "--yes")
    assert "print-copy" in _walked(doc)
    if lang == "zh":
        assert "补打出来的永远是最后一笔" in p.stderr and "是不是这位客人的这笔" in p.stderr
    else:
        assert "A reprint always prints the last payment" in p.stderr and "is it this customer's payment" in p.stderr


# --- claims nobody observed ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_a_dead_terminal_reported_nothing(tmp_path, lang):
    p, doc = fix(tmp_path, lang, "dropped-transaction", "dead-terminal",
                 card("12.50", **{"update-running": "not-updating"}), "--yes")
    assert doc["payment"]["verdict"] == "unknown"
    if lang == "zh":
        assert "无法读取POS机" in p.stderr and "POS机没有报告客人所说时间的交易" not in p.stderr
    else:
        assert "could not be read: nothing was reported" in p.stderr
        assert "reported no transaction" not in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_resume_before_the_terminal_was_read_claims_no_verdict(tmp_path, lang):
    p, _ = fix(tmp_path, lang, "charged-no-response", "dropped-transaction",
               {"card-or-qr": "card", "record-customer-amount": "12.50"})
    assert p.returncode == 3  # stopped at the time: saved, the terminal not read yet
    p = run(tmp_path, "fix", "--resume", "--lang", lang, "--yes", "--simulate", "dropped-transaction",
            answers=at_run_time({"record-customer-time": NOW}))
    recap = p.stdout.split("─")[0]  # what is said before the walk goes on
    if lang == "zh":
        assert "尚未核对" in recap and "目前的支付结论" not in recap and "无法确认" not in recap, recap
        assert "payment_method" not in p.stdout and "付款方式：刷卡" in recap
        assert not zh_problems(recap), zh_problems(recap)
    else:
        assert "not compared yet" in recap and "Payment so far" not in recap, recap


@pytest.mark.parametrize("lang", LANGS)
def test_yes_answers_are_marked_and_never_verified(tmp_path, lang):
    p, doc = fix(tmp_path, lang, "printer-paper", "paper-out", None, "--yes")
    step = next(s for s in doc["steps"] if s["id"] == "open-and-load")
    assert step["answered_by"] == "yes"
    assert p.returncode == 1 and doc["verified"] is False and doc["outcome"] == "resolved"
    tried = next(i for i in doc["carried_out"]["done"] if i["step"] == "open-and-load")
    assert tried["result"]["en"].startswith("not done by a person: answered by --yes")
    assert tried["result"]["zh"].startswith("并非有人操作：由 --yes 自动回答")
    if lang == "zh":
        assert "并非有人操作" in p.stderr and "已解决，检查确认无误" not in p.stderr and "不算已解决" in p.stderr
    else:
        assert "not done by a person: answered by --yes" in p.stderr and "Fixed, and the checks confirm it" not in p.stderr
        assert "Not marked as fixed" in p.stderr
    # the same walk answered from a file: a person wrote the answers
    (tmp_path / "file").mkdir()
    p, doc = fix(tmp_path / "file", lang, "printer-paper", "paper-out", {"open-and-load": "done", "reprint-offer": "no-slip"})
    assert next(s for s in doc["steps"] if s["id"] == "open-and-load")["answered_by"] == "answers_file"
    assert p.returncode == 0 and doc["verified"] is True


@pytest.mark.parametrize("lang", LANGS)
def test_the_escalation_says_which_steps_yes_answered(tmp_path, lang):
    p, doc = fix(tmp_path, lang, "terminal-software", "outdated-software", {"update-running": "not-updating"}, "--yes")
    assert doc["outcome"] == "escalated"
    said = p.stderr[p.stderr.index("请联系" if lang == "zh" else "Contact:"):]
    assert ("由 --yes 自动回答" if lang == "zh" else "answered by --yes") in said, said
    assert [s["answered_by"] for s in doc["steps"] if s["id"] == "update-running"] == ["answers_file"]


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_the_text_refers_to_are_on_the_screen(tmp_path, lang):
    p, doc = fix(tmp_path, lang, "charged-no-response", "declined-reversal-pending", card("99.00"), "--yes")
    assert "explain-reversal" in _walked(doc)
    rec = doc["payment"]["considered"][0]
    assert rec["receipt_number"] is not None and rec["trace_number"] is not None
    shown = f"凭证号 {rec['receipt_number']}" if lang == "zh" else f"receipt no. {rec['receipt_number']}"
    trace = f"流水号 {rec['trace_number']}" if lang == "zh" else f"trace {rec['trace_number']}"
    assert shown in p.stderr and trace in p.stderr
    text = ("上面显示的凭证号" if lang == "zh" else "voucher number (receipt no.) shown above")
    assert text in p.stderr
    assert p.stderr.index(shown) < p.stderr.index(text)


# --- screens -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_configured_language_reaches_every_command(tmp_path, lang):
    (tmp_path / "xdg" / "pos-doctor").mkdir(parents=True)
    (tmp_path / "xdg" / "pos-doctor" / "pos-doctor.toml").write_text(f'language = "{lang}"\n', encoding="utf-8")
    import os
    import subprocess

    def run(tmp_path, *args, env=None):  # the configuration decides: no POS_DOCTOR_LANG, no locale
        e = {k: v for k, v in os.environ.items() if not k.startswith(("POS_DOCTOR_", "LC_", "LANG"))}
        e.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), NO_COLOR="1", CI="1")
        return subprocess.run([sys.executable, "-m", "pos_doctor", *args], cwd=tmp_path, env=e, capture_output=True,
                              text=True, encoding="utf-8", timeout=90, stdin=subprocess.DEVNULL)

    env = None
    run(tmp_path, "check", "--simulate", "healthy", env=env)
    zh = lang == "zh"
    h = run(tmp_path, "history", env=env)
    assert ("检查" in h.stdout) is zh, h.stdout
    c = run(tmp_path, "checks", env=env)
    assert ("POS机连接" in c.stdout) is zh and ("Terminal connection" in c.stdout) is not zh
    r = run(tmp_path, "report", "latest", env=env)
    assert bool(re.search(r"[\u4e00-\u9fff]{4}", r.stdout)) is zh
    ports = run(tmp_path, "ports", env=env)
    assert bool(re.search(r"[\u4e00-\u9fff]", ports.stdout + ports.stderr)) is zh
    # the root option reaches the subcommand too
    h = run(tmp_path, "--lang", "zh", "history", env=env)
    assert "检查" in h.stdout and not zh_problems(h.stdout)


pty_only = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def _session(tmp_path, *args, lang, cols=200):
    from tests.cli.test_fix_interactive import Session

    return Session(tmp_path, *args, lang=lang, cols=cols)


@pty_only
@pytest.mark.parametrize("lang", LANGS)
def test_a_2_at_a_yes_no_prompt_is_asked_again(tmp_path, lang):
    s = _session(tmp_path, "check", "--simulate", "paper-out", lang=lang)
    s.read_until("回车＝是" if lang == "zh" else r"\[Y/n\]")  # the key legend, in the screen's words
    s.read_until(r">\s*$")
    s.seen = len(s.text)
    s.send("2")
    s.read_until("请输入 y 表示是" if lang == "zh" else "Type y for yes or n for no")
    s.seen = len(s.text)
    s.send("n")
    code = s.wait()
    assert code in (1, 2), s.text[-2000:]  # the check's own code: nothing was started
    assert ("第 1 步" if lang == "zh" else "Step 1") not in s.text


@pty_only
@pytest.mark.parametrize("lang", LANGS)
def test_a_walk_a_script_started_with_yes_is_not_offered_to_the_cashier(tmp_path, lang):
    p = run(tmp_path, "fix", "charged-no-response", "--simulate", "healthy", "--yes", "--lang", lang)
    assert p.returncode == 3  # stopped: a question --yes cannot answer; saved
    s = _session(tmp_path, "fix", "--simulate", "healthy", lang=lang)
    s.read_until(r">\s*$")
    assert ("未完成的处理流程" if lang == "zh" else "A stopped walk is waiting") not in s.text, s.text
    s.send("q")
    s.wait()
    # `--resume` still takes it (the script's own walk)
    p = run(tmp_path, "fix", "--resume", "--lang", lang, "--simulate", "healthy", "--yes",
            answers={"card-or-qr": "card", "record-customer-amount": "12.50", "record-customer-time": "09:00"})
    assert p.returncode != 3 or "needs an answer" in p.stderr or "需要回答" in p.stderr


def _screen_lines(raw: str) -> list[str]:
    """The lines a terminal ends up showing: a carriage return goes back to the start, erase-line clears the rest."""
    out = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        buf: list[str] = []
        cur = 0
        for part in re.split(r"(\r|\x1b\[K)", line):
            if part == "\r":
                cur = 0
            elif part == "\x1b[K":
                del buf[cur:]
            else:
                for ch in part:
                    if cur < len(buf):
                        buf[cur] = ch
                    else:
                        buf.append(ch)
                    cur += 1
        out.append("".join(buf))
    return out


@pty_only
@pytest.mark.parametrize("lang", LANGS)
def test_progress_lines_leave_the_verdict_alone_in_a_narrow_terminal(tmp_path, lang):
    import fcntl
    import struct
    import termios

    from tests.cli.test_fix import scenario

    from rich.cells import cell_len

    ans = at_run_time(card("99.00", **{"record-customer-card": "0019", "provider-confirms-second": "unsure"}))
    path = tmp_path / "a.yaml"
    path.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in ans.items()), encoding="utf-8")
    s = _session(tmp_path, "fix", "dropped-transaction", "--simulate", "double-charge", "--answers", str(path), "--yes",
                 lang=lang, cols=40)
    fcntl.ioctl(s.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 40, 0, 0))
    s.wait(timeout=120)
    raw = re.sub(r"\x1b\[(?!K)[0-9;?]*[A-Za-z]", "", s.buf)
    lines = _screen_lines(raw)
    verdict = [ln for ln in lines if ("结论：" if lang == "zh" else "Verdict:") in ln]
    assert verdict, s.text[-3000:]
    for ln in verdict:  # the most important line of the walk starts the line, after nothing but its indent
        assert ln.lstrip(" •").startswith("结论：" if lang == "zh" else "Verdict:"), repr(ln)
    progress = [part for part in re.split(r"\r\x1b\[K", raw)[1:]]
    for part in progress:
        first = part.split("\r")[0].split("\n")[0]
        if first.startswith("… "):
            assert cell_len(first) < 40, repr(first)  # never wraps, so it can be erased
            assert "代码" not in first and "status message" not in first
    assert not re.search(r"Step \d+ of \d+|共 \d+ 步", s.text)
    # "Press Enter when done" never follows a yes/no question
    text = s.text.splitlines()
    for i, ln in enumerate(text):
        if "Press Enter when done" in ln or "完成后按回车" in ln:
            before = next((t for t in reversed(text[:i]) if t.strip()), "")
            assert not before.rstrip().endswith(("?", "？")), before
    _ = scenario  # (the double charge is a shipped scenario)


@pytest.mark.parametrize("lang", LANGS)
def test_check_with_two_same_amount_payments_points_to_fix(tmp_path, lang):
    p = run(tmp_path, "--lang", lang, "check", "--simulate", "double-charge")
    assert "Traceback" not in p.stderr
    said = ("如果有客人对付款有疑问，请运行 pos-doctor fix" if lang == "zh"
            else "if a customer's payment is in question, run pos-doctor fix")
    assert said in p.stdout, p.stdout
    assert ("一切正常" if lang == "zh" else "All good") in p.stdout  # the devices are fine: no false alarm
    if lang == "zh":
        assert not zh_problems(p.stdout.split("一切正常")[1]), zh_problems(p.stdout)
    healthy = run(tmp_path, "--lang", lang, "check", "--simulate", "healthy")
    assert "pos-doctor fix" not in healthy.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_a_line_error_hint_speaks_to_the_cashier(tmp_path, lang):
    p = run(tmp_path, "--lang", lang, "check", "--simulate", "corrupted-crc")
    hint = next(line for line in p.stdout.splitlines() if "→" in line)
    if lang == "zh":
        assert "波特率" not in p.stdout and "技术员" in hint  # a technician's word, handed to a technician
    else:
        assert "have a technician check" in hint
