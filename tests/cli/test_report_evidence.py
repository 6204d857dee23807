"""The evidence a payment provider gets: real `fix` walks through the CLI (answers files, simulated terminal on a
pty), then `pos-doctor report` in md, json, html and pdf — for a mismatch, a double charge and (from a hand-made
payment object, pay-core's `finding`) a debit without a payment attempt. HTML and PDF are rendered by headless
Chromium and checked for which column a value is in; screenshots of each case in zh and en are kept as test
artefacts in $POS_DOCTOR_ARTEFACTS (default: <pytest tmp>/artefacts), never committed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.cli.test_fix import NOW, at_run_time, run

MID, TID_CONF = "898310012340012", "52500012"  # a 15-digit 商户号 is not a card number
TOML = f"""\
[shop]
name = "Bäckerei Sonnenschein"
merchant_id = "{MID}"
terminal_id = "{TID_CONF}"
address = "Hauptstr. 5, 10115 Berlin"

[support]
provider = "PayCo Hotline"
phone = "+49 30 1234567"
hours = "Mo-Sa 8-20"
"""
# The shop's configuration after the run: the report must keep showing the contacts of the day of the run.
LATER = TOML.replace("Bäckerei Sonnenschein", "Café Umbenannt").replace("+49 30 1234567", "+49 30 7654321")
# The customer's bank app shows 99.00 a minute ago; the terminal's payment then is 12.50: a mismatch. The person
# skips the "keep the evidence" instruction, so it must be listed as skipped, never as done.
ANSWERS = {"card-or-qr": "card", "record-customer-amount": "99.00", "record-customer-time": NOW, "record-customer-card": "",
           "mismatch-keep-evidence": "skip"}
DOUBLE = {"card-or-qr": "card", "record-customer-amount": "99.00", "record-customer-time": NOW,
          "double-charge": "done", "provider-confirms-second": "no"}
# Steps a playbook may ask as well (the reconciliation by who paid asks the card's last four digits): answered where
# the shipped playbook has them, so the walks run on either side of that change.
EXTRA = {"record-customer-card": "0019", "debit-shown": "yes"}


def answers(playbook: str, base: dict) -> dict:
    from pos_doctor.playbooks.library import Library

    ids = {s.id for s in Library.load([]).get(playbook).steps}
    return at_run_time({**base, **{k: v for k, v in EXTRA.items() if k in ids}})


def asks_card(playbook: str) -> bool:
    from pos_doctor.playbooks.library import Library

    return "record-customer-card" in {s.id for s in Library.load([]).get(playbook).steps}


CASHIER = ("Do not charge again", "Tell the customer", "Call the payment provider", "void it", "不要再收款", "告诉客人")


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("evidence")
    (tmp / "pos-doctor.toml").write_text(TOML, encoding="utf-8")
    p = run(tmp, "fix", "dropped-transaction", "--simulate", "dropped-transaction", "--note", "customer waits",
            answers=answers("dropped-transaction", ANSWERS))
    assert p.returncode == 2, p.stderr
    (tmp / "pos-doctor.toml").write_text(LATER, encoding="utf-8")
    return tmp, p


@pytest.fixture(scope="module")
def double(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("double")
    (tmp / "pos-doctor.toml").write_text(TOML, encoding="utf-8")
    p = run(tmp, "fix", "charged-no-response", "--simulate", "double-charge", "--lang", "zh",
            answers=answers("charged-no-response", DOUBLE))
    assert p.returncode == 2, p.stderr
    (tmp / "pos-doctor.toml").write_text(LATER, encoding="utf-8")
    return tmp, p


# A debit the terminal has no attempt for, as pay-core's reconciliation reports it (`finding`, verdict unknown),
# in a Chinese shop whose contacts were kept with the run.
DEBIT_DOC = {
    "schema_version": 1, "tool": {"name": "pos-doctor", "version": "0.1.0"}, "kind": "fix",
    "playbook": {"id": "charged-no-response", "title": {"en": "Terminal not responding, but the customer's phone shows "
                                                              "a charge", "zh": "POS机无反应，但客人手机显示已扣费"}},
    "status": "critical", "exit_code": 2, "outcome": "escalated", "verified": False,
    "timing": {"started_at": "2026-12-06T06:20:00+00:00", "finished_at": "2026-12-06T06:24:00+00:00"},
    "target": {"model": "SIM-ZVT-1", "terminal_id": "10240086", "simulated": True, "scenario": "healthy"},
    "steps": [
        {"id": "record-customer-amount", "playbook": "charged-no-response", "step": "record-customer-amount",
         "kind": "record", "text": {"en": "Type the amount the customer's phone shows.", "zh": "输入客人手机上显示的金额。"},
         "answer": "99.00", "answered_by": "person"},
        {"id": "restart-terminal", "playbook": "charged-no-response", "step": "restart-terminal", "kind": "instruction",
         "text": {"en": "Restart the terminal: switch it off, wait 10 seconds, switch it on.",
                  "zh": "重启POS机：关机，等10秒，再开机。"}, "answer": "done", "answered_by": "yes"},
        {"id": "keep-evidence", "playbook": "charged-no-response", "step": "keep-evidence", "kind": "instruction",
         "text": {"en": "Keep evidence: ask the customer to keep the record.", "zh": "保留证据：请客人保留记录。"},
         "answer": "done", "answered_by": "yes"},
        {"id": "contact-provider", "playbook": "charged-no-response", "step": "contact-provider", "kind": "escalate",
         "text": {"en": "Call the payment provider. Do not charge again. Tell the customer when you will call back.",
                  "zh": "联系支付服务商。不要再收款。告诉客人您什么时候回电。"}},
    ],
    "values": {"payment_method": "card", "customer_amount": "99.00", "customer_time": "14:05",
               "customer_card_last4": "4242", "customer_merchant": "上海某某餐饮管理有限公司"},
    "payment": {"verdict": "unknown", "finding": "debit_without_attempt", "double_charge": False,
                "customer": {"amount": "99.00", "time": "2026-12-06T14:05:00", "card_last4": "4242", "method": "card",
                             "currency": "CNY", "merchant": "上海某某餐饮管理有限公司"},
                "reasons": [{"code": "debit_without_attempt",
                             "text": {"en": "The terminal listed every transaction of its period; none near 14:05.",
                                      "zh": "POS机列出了本批次全部交易，14:05 前后没有任何交易。"}}],
                "matched": [], "considered": [], "compared": ["card_last4"]},
    "carried_out": {"done": [
        {"key": "charged-no-response/record-customer-amount", "playbook": "charged-no-response",
         "step": "record-customer-amount", "kind": "record", "text": {"en": "Type the amount", "zh": "输入金额"},
         "result": {"en": "99.00", "zh": "99.00"}, "times": 1},
        {"key": "charged-no-response/restart-terminal", "playbook": "charged-no-response", "step": "restart-terminal",
         "kind": "instruction", "text": {"en": "Restart the terminal", "zh": "重启POS机"},
         "result": {"en": "done", "zh": "已完成"}, "times": 1},
        {"key": "charged-no-response/keep-evidence", "playbook": "charged-no-response", "step": "keep-evidence",
         "kind": "instruction", "text": {"en": "Keep evidence", "zh": "保留证据"}, "times": 1,  # walks' own words
         "result": {"en": "not done by a person: answered by --yes", "zh": "并非有人操作：由 --yes 自动回答"}}],
        "skipped": [], "undone": []},
    "contacts": {"shop": {"name": "老王面馆", "merchant_id": "898440153990021", "address": "上海市黄浦区某路 8 号"},
                 "support": {"provider": "收单机构客服", "phone": "+86 21 5555 0100", "hours": "7×24"},
                 "utc_offset": "+08:00"},
}


@pytest.fixture(scope="module")
def debit(tmp_path_factory):
    from pos_doctor.records.store import Store

    tmp = tmp_path_factory.mktemp("debit")
    (tmp / "pos-doctor.toml").write_text(TOML, encoding="utf-8")  # today's configuration: another shop
    with Store(tmp / "data" / "history.db") as s:
        run_id = s.record("fix", DEBIT_DOC)
        old = {k: v for k, v in DEBIT_DOC.items() if k != "contacts"}  # a run recorded before contacts were kept
        old_id = s.record("fix", old)
    return tmp, run_id, old_id


def _section(md: str, head: str) -> str:
    """The part of the Markdown summary from `- **head**` to the next top-level item."""
    part = md.split(f"- **{head}**", 1)[1]
    return re.split(r"\n- \*\*", part, maxsplit=1)[0]


def test_fix_ends_with_whom_to_call_and_the_facts_the_run_id_only_as_reference(walked, double):
    _, p = walked
    m = re.search(r"Saved as run (\d+) — `pos-doctor report \1`", p.stderr)
    assert m, p.stderr
    assert (f"Call PayCo Hotline at +49 30 1234567 (Mo-Sa 8-20). Give them merchant ID {MID}, terminal ID 29001234 "
            f"and the facts above. Your own reference: run {m.group(1)}") in p.stdout
    assert "give them run" not in p.stdout
    tried = p.stdout.split("Tried:")[1]
    assert "Skipped (not done):\n    1. The terminal's records and the customer's record do not agree: skipped" in tried
    assert "do not agree" not in tried.split("Skipped")[0]  # a skipped step is never "tried"
    _, z = double
    assert f"请联系PayCo Hotline：+49 30 1234567（Mo-Sa 8-20）。告诉对方商户号 {MID}、终端号 29001234 以及上面的信息。" in z.stdout
    assert "本店自己的参考编号：记录 1" in z.stdout and "告诉对方记录编号" not in z.stdout


def test_mismatch_md_headline_sides_and_the_request_to_the_provider(walked):
    tmp, _ = walked
    md = run(tmp, "report", "latest").stdout
    assert md.startswith("> **SIMULATED — a simulated terminal and printer, not a real payment**")
    assert md.rstrip().endswith("> **SIMULATED — a simulated terminal and printer, not a real payment**")
    assert re.search(r"> \*\*Records disagree: the customer's bank shows 99\.00 at \d\d:\d\d, the terminal recorded "
                     r"12\.50 EUR \(trace \d+\) — please tell us what was charged to the customer's card\.\*\*", md)
    assert "| Amount | **99.00** ⚠ | **12.50 EUR** ⚠ |" in md  # the customer's value left, the terminal's right
    assert "Amounts differ: the customer shows 99.00, the terminal recorded 12.50." in md
    ask = _section(md, "Asked of the provider")
    assert ask.startswith(": Please tell us what was charged to the customer's card at that time")
    assert f"| Merchant ID | {MID} |" in ask and "| Terminal ID | 29001234 |" in ask
    assert re.search(r"\| Date and time of the customer's charge \| \d{4}-\d\d-\d\d \d\d:\d\d:00 UTC[+-]\d\d:\d\d \|", ask)
    card = "0019" if asks_card("dropped-transaction") else "not recorded from the customer"
    assert "| Amount and currency | 99.00 EUR |" in ask and f"| Card last four digits | {card} |" in ask
    assert re.search(r"\| Terminal record \| trace \d+, receipt \d+, approved 12\.50 EUR, .*card …0019 \|", ask)
    assert "| Our reference | pos-doctor run 1 |" in ask
    assert not [c for c in CASHIER if c in ask], ask  # the cashier's instructions are not the provider's request
    zh = run(tmp, "report", "latest", "--lang", "zh").stdout
    assert zh.startswith("> **模拟") and "金额不一致：客人出示 99.00，POS机记录 12.50。" in zh
    assert "| 金额 | **99.00** ⚠ | **12.50 欧元** ⚠ |" in zh
    zask = _section(zh, "请服务商协助")
    assert zask.startswith("：请告知客人卡上在该时间实际被扣的金额") and f"| 商户号 | {MID} |" in zask
    assert not [c for c in CASHIER if c in zask]
    assert "已跳过（未执行）" in zh and "POS机记录和客人的记录对不上：已跳过" in zh


def test_contacts_are_those_kept_with_the_run_not_todays(walked, debit):
    tmp, _ = walked
    md = run(tmp, "report", "latest").stdout
    assert "Bäckerei Sonnenschein" in md and "+49 30 1234567" in md
    assert "Café Umbenannt" not in md and "+49 30 7654321" not in md and "today's pos-doctor.toml" not in md
    model = json.loads(run(tmp, "report", "latest", "--format", "json").stdout)
    assert model["summary"]["contacts_source"] == "run" and model["summary"]["shop"]["merchant_id"] == MID
    dtmp, run_id, old_id = debit
    kept = run(dtmp, "report", str(run_id), "--lang", "zh").stdout
    assert "老王面馆" in kept and "+86 21 5555 0100" in kept and "Bäckerei" not in kept
    old = run(dtmp, "report", str(old_id)).stdout  # recorded before contacts were kept: today's, and said so
    assert "Bäckerei Sonnenschein" in old and "today's pos-doctor.toml: this run was recorded before contacts" in old


def test_merchant_id_shown_without_redact_and_hidden_with_it(walked):
    tmp, _ = walked
    for fmt in ("md", "json", "html"):
        plain = run(tmp, "report", "latest", "--format", fmt).stdout
        assert MID in plain and "898310*****0012" not in plain, fmt
        hidden = run(tmp, "report", "latest", "--format", fmt, "--redact").stdout
        assert MID not in hidden and "29001234" not in hidden and "[redacted]" in hidden, fmt
        assert "6725000000000000019" not in plain + hidden


def test_report_latest_json_and_kind(walked):
    tmp, p = walked
    run_id = int(re.search(r"run (\d+)", p.stderr).group(1))
    model = json.loads(run(tmp, "report", "latest", "--kind", "fix", "--format", "json").stdout)
    assert model["run_id"] == run_id and model["simulated"] is True
    pay = model["summary"]["payment"]
    assert pay["verdict"] == "mismatch" and pay["case"] == "mismatch" and pay["differences"][0]["field"] == "amount"
    assert [r["amount"] for r in pay["records"]] == ["12.50"]
    assert [i["step"] for i in model["summary"]["tried"]["skipped"]] == ["mismatch-keep-evidence"]
    assert model["summary"]["support"]["phone"] == "+49 30 1234567"  # the shop's own hotline is not "masked"
    facts = {f["key"]: f["value"]["en"] for f in model["summary"]["ask"]["facts"]}
    assert facts["merchant_id"] == MID and facts["amount"] == "99.00 EUR"
    r = run(tmp, "report", "latest", "--kind", "check")
    assert r.returncode == 3 and "no recorded check run yet" in r.stderr and "Traceback" not in r.stderr


def payment_table(html: str) -> tuple[list[tuple[str, str]], dict[str, list[tuple[str, str, bool]]]]:
    """The payment table of an HTML report (`table.payment`, one column per side): the column heads as
    [(side, text)] and {field: [(side, text, marked as a difference), ...]} in the page's order."""

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.heads, self.rows, self.inside, self.row, self.cell = [], {}, False, None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "table" and a.get("class") == "payment":
                self.inside = True
            elif self.inside and tag == "tr":
                self.row = a.get("data-field")
            elif self.inside and tag in ("td", "th") and a.get("data-side"):
                self.cell = [a["data-side"], "", "diff" in (a.get("class") or "").split()]

        def handle_endtag(self, tag):
            if tag == "table":
                self.inside = False
            elif self.inside and tag in ("td", "th") and self.cell is not None:
                side, txt, diff = self.cell[0], self.cell[1].strip(), self.cell[2]
                if self.row:
                    self.rows.setdefault(self.row, []).append((side, txt, diff))
                else:
                    self.heads.append((side, txt))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell[1] += data

    parser = Rows()
    parser.feed(html)
    return parser.heads, parser.rows


def test_html_report_puts_each_side_in_its_column(walked):
    # the report's layout (records/report/html.py): a column per side, each differing value marked in its own cell
    tmp, _ = walked
    heads, rows = payment_table(run(tmp, "report", "latest", "--format", "html").stdout)
    assert heads == [("customer", "Customer's evidence"), ("terminal", "Terminal's record")]
    assert rows["Amount"] == [("customer", "99.00 ⚠", True), ("terminal", "12.50 EUR ⚠", True)]  # both, each side
    assert rows["Result"] == [("customer", "—", False), ("terminal", "approved", False)]
    assert list(rows) == ["Amount", "Result", "Time", "Card", "Trace number", "Receipt (voucher) number"]
    assert rows["Trace number"] == [("customer", "—", False), ("terminal", "42", False)]
    assert rows["Receipt (voucher) number"] == [("customer", "—", False), ("terminal", "17", False)]
    assert rows["Card"][1] == ("terminal", "girocard 672500*********0019", False)
    card = "…0019" if asks_card("dropped-transaction") else "—"
    assert rows["Card"][0][:2] == ("customer", card)
    assert [d for f, cells in rows.items() for _, _, d in cells if d and f != "Amount"] == []  # only the amount differs
    zh_heads, zh = payment_table(run(tmp, "report", "latest", "--format", "html", "--lang", "zh").stdout)
    assert zh_heads == [("customer", "客人的凭据"), ("terminal", "POS机记录")]
    assert zh["金额"] == [("customer", "99.00 ⚠", True), ("terminal", "12.50 欧元 ⚠", True)]


def test_double_charge_shows_every_matched_record_side_by_side(double):
    tmp, _ = double
    md = run(tmp, "report", "latest").stdout
    assert "> **Charged twice: trace 41 and 42, 99.00 EUR each — please confirm and return the duplicate.**" in md
    assert "| | Customer's evidence | Terminal record 1 | Terminal record 2 |" in md
    assert "| Trace number | — | 41 | 42 |" in md and "| Amount | 99.00 | 99.00 EUR | 99.00 EUR |" in md
    ask = _section(md, "Asked of the provider")
    assert ask.startswith(": Please confirm both debits and return the duplicate (trace 42) to the customer's card.")
    assert "| Terminal record 1 | trace 41, receipt 16, approved 99.00 EUR" in ask
    assert "| Terminal record 2 | trace 42, receipt 17, approved 99.00 EUR" in ask
    assert ("| Card last four digits | 0019 |" if asks_card("charged-no-response")
            else "| Card last four digits (the matched records) | 0019 |") in ask
    assert not [c for c in CASHIER if c in ask]
    zh = run(tmp, "report", "latest", "--lang", "zh").stdout
    assert "> **重复扣款：流水号 41 和 42，每笔 99.00 欧元——请核实并退还重复的一笔。**" in zh
    assert "| 流水号 | — | 41 | 42 |" in zh and "请核实这两笔扣款，并把重复扣的款（流水号 42）退回客人卡上。" in zh
    model = json.loads(run(tmp, "report", "latest", "--format", "json").stdout)
    pay = model["summary"]["payment"]
    assert pay["case"] == "double_charge" and [r["trace_number"] for r in pay["records"]] == [41, 42]


def test_debit_without_attempt_headline_and_request(debit):
    tmp, run_id, _ = debit
    md = run(tmp, "report", str(run_id)).stdout
    assert ("> **Debit without a sale: the customer's bank shows 99.00 CNY at 14:05 (card ending 4242), and this "
            "terminal recorded no payment attempt then — please tell us whether this debit is ours and, if so, return "
            "it.**") in md
    assert "| Amount | 99.00 CNY | no record at that time |" in md
    ask = _section(md, "Asked of the provider")
    assert "| Date and time of the customer's charge | 2026-12-06 14:05:00 UTC+08:00 |" in ask
    assert "| Merchant ID | 898440153990021 |" in ask and "| Card last four digits | 4242 |" in ask
    assert "| Merchant name on the customer's message | 上海某某餐饮管理有限公司 |" in ask
    assert "| Who paid, compared by | card's last four digits |" in ask
    assert not [c for c in CASHIER if c in ask]
    zh = run(tmp, "report", str(run_id), "--lang", "zh").stdout
    assert ("> **没有交易却被扣款：客人银行显示 14:05 扣款 99.00 元（卡号后四位 4242），这台POS机当时没有任何付款记录"
            "——请核实这笔扣款是否来自本店，如是，请退回。**") in zh
    assert "| 客人扣款的日期和时间 | 2026-12-06 14:05:00（UTC+08:00） |" in zh


def test_answers_nobody_gave_by_hand_are_marked_in_every_format(debit):
    tmp, run_id, _ = debit
    md = run(tmp, "report", str(run_id)).stdout
    assert "Restart the terminal: done — not done by a person: answered by --yes" in md
    assert "Type the amount: 99.00\n" in md  # a person's answer carries no mark
    assert "| done (not done by a person: answered by --yes) |" in md
    assert "Keep evidence: not done by a person: answered by --yes\n" in md  # said once, not twice
    zh = run(tmp, "report", str(run_id), "--lang", "zh").stdout
    assert "重启POS机：已完成（并非有人操作：由 --yes 自动回答）" in zh
    html = run(tmp, "report", str(run_id), "--format", "html").stdout
    assert "not done by a person: answered by --yes" in html
    model = json.loads(run(tmp, "report", str(run_id), "--format", "json").stdout)
    assert [s["answered_by"] for s in model["steps"]] == ["person", "yes", "yes", "person"]
    assert [i["answered_by"] for i in model["summary"]["tried"]["done"]] == ["person", "yes", "yes"]


# --- rendered in headless Chromium: html and pdf, zh and en, the three cases ------------------------------------

def _chromium() -> str | None:
    return next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory) -> Path:
    keep = os.environ.get("POS_DOCTOR_ARTEFACTS") or os.environ.get("POS_DOCTOR_KEEP_SCREENSHOT")
    path = Path(keep) if keep else tmp_path_factory.getbasetemp() / "artefacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


class _Payment(HTMLParser):
    """The payment table of the HTML report: {field: [(side, text), ...]} and the column heads."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[tuple[str, str]]] = {}
        self.heads: list[tuple[str, str]] = []
        self._in, self._row, self._cell, self._buf = False, None, None, ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("class") == "payment":
            self._in = True
        elif self._in and tag == "tr":
            self._row = a.get("data-field")
        elif self._in and tag in ("td", "th") and a.get("data-side"):
            self._cell, self._buf = a["data-side"], ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._in = False
        elif self._in and tag in ("td", "th") and self._cell:
            (self.rows.setdefault(self._row, []) if self._row else self.heads).append((self._cell, self._buf.strip()))
            self._cell = None

    def handle_data(self, data):
        if self._cell:
            self._buf += data


CASES = {  # case -> (fixture, run id or "latest", en field for the side check, customer's cell, terminal cells)
    "mismatch": ("walked", "latest", "Amount", "99.00 ⚠", ["12.50 EUR ⚠"]),
    "double-charge": ("double", "latest", "Trace number", "—", ["41", "42"]),
    "debit-without-attempt": ("debit", None, "Amount", "99.00 CNY", ["no record at that time"]),
}
ZH_FIELD = {"Amount": "金额", "Trace number": "流水号"}


def _report(request, case: str, *args) -> tuple[Path, str, list]:
    fixture, rid, *_ = CASES[case]
    got = request.getfixturevalue(fixture)
    tmp = got[0]
    return tmp, str(got[1]) if rid is None else rid, list(args)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", list(CASES))
def test_html_report_in_chromium_values_on_their_side(request, artefacts, tmp_path, case, lang):
    browser = _chromium()
    if not browser:
        pytest.skip("no chromium binary (CI installs it with `apt-get install -y chromium`)")
    tmp, rid, _ = _report(request, case)
    page = tmp_path / f"report-{case}-{lang}.html"
    r = run(tmp, "report", rid, "--format", "html", "-o", str(page), "--lang", lang)
    assert r.returncode == 0, r.stderr
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'prof'}"]
    dom = subprocess.run(args + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90).stdout
    assert ("SIMULATED" if lang == "en" else "模拟") in dom
    shop, phone = (("老王面馆", "+86 21 5555 0100") if case == "debit-without-attempt"
                   else ("Bäckerei Sonnenschein", "+49 30 1234567"))
    assert shop in dom and phone in dom  # the contacts kept with the run, the hotline as written
    parsed = _Payment()
    parsed.feed(dom)
    _, _, field, cust, terms = CASES[case]
    field = ZH_FIELD[field] if lang == "zh" else field
    cells = parsed.rows[field]
    if lang == "zh":
        cust, terms = cust.replace("CNY", "元"), [t.replace("EUR", "欧元").replace("no record at that time", "该时间没有记录")
                                                for t in terms]
    assert cells == [("customer", cust)] + [("terminal", t) for t in terms], cells
    assert [s for s, _ in parsed.heads] == ["customer"] + ["terminal"] * len(terms)
    shot = artefacts / f"report-{case}-{lang}.png"
    subprocess.run(args + [f"--screenshot={shot}", "--window-size=1000,1500", page.as_uri()], capture_output=True,
                   timeout=90)
    assert shot.exists() and shot.stat().st_size > 10_000


def _boxes(textpage, needle: str) -> list[tuple[float, float]]:
    """(left x, top y) of every occurrence of `needle` on the page (PDF units; y grows upwards)."""
    found, searcher = [], textpage.search(needle, match_case=True)
    while (hit := searcher.get_next()) is not None:
        left, _, _, top = textpage.get_charbox(hit[0])
        found.append((left, top))
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", list(CASES))
def test_pdf_report_values_on_their_side(request, artefacts, tmp_path, case, lang):
    if not _chromium():
        pytest.skip("no chromium binary (CI installs it with `apt-get install -y chromium`)")
    pdfium = pytest.importorskip("pypdfium2")
    tmp, rid, _ = _report(request, case)
    out = tmp_path / "report.pdf"
    r = run(tmp, "report", rid, "--format", "pdf", "-o", str(out), "--lang", lang)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    pdf = pdfium.PdfDocument(str(out))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(texts) >= 2  # the details run onto a second page: the banner must follow
    assert ("收单机构客服" if case == "debit-without-attempt" else "PayCo Hotline") in texts[0]  # whom to call, page 1
    assert all(("SIMULATED" if lang == "en" else "模拟") in t for t in texts)  # the banner on every page
    assert "6725000000000000019" not in "".join(texts)
    page = pdf[0].get_textpage()
    cust_head = _boxes(page, "Customer's evidence" if lang == "en" else "客人的凭据")[0]
    term_heads = sorted(_boxes(page, "Terminal record" if lang == "en" else "POS机记录 "))
    _, _, field, cust, terms = CASES[case]
    label = ZH_FIELD[field] if lang == "zh" else field
    row_y = next(y for x, y in _boxes(page, label) if y < cust_head[1])  # the table's row under the heads
    on_row = lambda needle: sorted(x for x, y in _boxes(page, needle) if abs(y - row_y) < 4)  # noqa: E731
    if case == "double-charge":
        x41, x42 = on_row("41")[0], on_row("42")[0]
        heads = sorted(x for x, y in term_heads if abs(y - cust_head[1]) < 4)
        assert cust_head[0] < heads[0] - 2 <= x41 < heads[1] - 2 <= x42, (cust_head, heads, x41, x42)
        assert "Charged twice: trace 41 and 42" in texts[0] or "重复扣款：流水号 41 和 42" in texts[0]
    else:
        value = "12.50" if case == "mismatch" else ("no record" if lang == "en" else "该时间没有记录")
        xs = on_row(value)
        assert xs and xs[0] > cust_head[0] + 50, (xs, cust_head)  # the terminal's value is right of the customer's
        cx = on_row("99.00")
        assert cx and cust_head[0] - 5 <= cx[0] < xs[0]
    assert (MID if case != "debit-without-attempt" else "898440153990021") in texts[0]
    shot = artefacts / f"report-{case}-{lang}-pdf-page1.png"
    pdf[0].render(scale=1.3).to_pil().save(shot)
    assert shot.stat().st_size > 10_000


def test_pdf_without_a_browser_says_what_to_do(walked, tmp_path):
    tmp, _ = walked
    r = run(tmp, "report", "latest", "--format", "pdf", "-o", str(tmp_path / "x.pdf"),
            env={"POS_DOCTOR_CHROMIUM": str(tmp_path / "no-such-browser")})
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert "a PDF needs Chromium, Chrome or Edge" in r.stderr and "--format html" in r.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_run_id_in_every_machine_output(tmp_path):
    ids = set()
    j = json.loads(run(tmp_path, "check", "--simulate", "paper-out", "--json").stdout)
    ids.add(j["run_id"])
    assert isinstance(j["run_id"], int)
    nag = run(tmp_path, "check", "--simulate", "paper-out", "--format", "nagios").stdout
    ids.add(int(re.search(r"^Run (\d+): pos-doctor report \1$", nag, re.M).group(1)))  # long output, not the status line
    ju = run(tmp_path, "check", "--simulate", "paper-out", "--format", "junit").stdout
    ids.add(int(re.search(r'<property name="run_id" value="(\d+)"/>', ju).group(1)))
    pr = run(tmp_path, "check", "--simulate", "paper-out", "--format", "prometheus").stdout
    ids.add(int(re.search(r"^pos_doctor_last_run_id (\d+)$", pr, re.M).group(1)))
    fx = run(tmp_path, "fix", "printer-paper", "--simulate", "paper-out", "--yes", "--json")
    ids.add(json.loads(fx.stdout)["run_id"])
    assert ids == {1, 2, 3, 4, 5}
    assert "Saved as run 5 — `pos-doctor report 5`" in fx.stderr
    off = run(tmp_path, "check", "--simulate", "paper-out", "--json", "--no-record")
    assert json.loads(off.stdout)["run_id"] is None and off.stderr == ""  # machine formats: stderr only when asked
    off = run(tmp_path, "check", "--simulate", "paper-out", "--json", "--no-record", "-v")
    assert json.loads(off.stdout)["run_id"] is None and "Not recorded" in off.stderr


def test_next_step_repeats_the_device_options(tmp_path):
    p = run(tmp_path, "check", "--simulate", "paper-out", "--lang", "en")
    assert "Next step: pos-doctor fix printer-paper --simulate paper-out --lang en" in p.stdout


def test_check_report_names_the_problems_in_the_summary(tmp_path):
    assert run(tmp_path, "check", "--simulate", "paper-out").returncode == 2
    zh = run(tmp_path, "report", "latest", "--kind", "check", "--lang", "zh").stdout
    summary = zh.split("## 详细信息")[0]
    assert "- **发现的问题**：" in summary and "严重 — 打印机缺纸" in summary
    assert "**: " not in summary  # labels take the full-width colon next to Chinese
