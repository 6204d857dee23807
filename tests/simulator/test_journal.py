"""The terminal's journal: the `journal:` key, and Send Turnover Totals / Repeat Receipt over a real pty."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pos_doctor.errors import UserFileError
from pos_doctor.protocols.zvt.session import ZvtClient
from pos_doctor.simulator import Simulator, load_scenario
from pos_doctor.simulator.scenario import parse_scenario
from pos_doctor.yamlfile import load_yaml_text

JOURNAL_SCENARIOS = ["retry-after-dropped", "double-charge", "declined-reversal-pending", "status-result-only",
                     "no-period-list"]


def client(sim, open_port):
    return ZvtClient(open_port(sim.terminal_port), transport=sim.terminal_transport)


def scenario(terminal: str):
    return parse_scenario(load_yaml_text("spec: 1\nname: j\ndescription: {en: a, zh: b}\nterminal:\n" + terminal,
                                         "j.yaml", "scenario"))


def test_journal_scenarios_ship_in_both_languages():
    for name in JOURNAL_SCENARIOS:
        sc = load_scenario(name)
        assert sc.description.en and sc.description.zh and sc.terminal.last_transaction is not None


def test_journal_is_a_list_of_last_transactions_and_its_last_is_the_last_transaction():
    sc = scenario("  journal:\n    - {result: 0x00, amount: 100, minutes_ago: 5}\n    - {result: 0x05, amount: 200}\n")
    assert [t.amount for t in sc.terminal.journal] == [100, 200]
    assert sc.terminal.last_transaction is sc.terminal.journal[-1]


def test_journal_mistakes_are_named_with_line_and_path():
    with pytest.raises(UserFileError) as info:
        scenario("  journal:\n    - {result: 0x00, amonut: 100}\n    - {result: zz}\n")
    assert info.value.lines() == [
        "j.yaml:6:22 (at terminal.journal[0].amonut): unknown key 'amonut'; did you mean 'amount'?",
        "j.yaml:7:8 (at terminal.journal[1].result): 'zz' is not a hex byte (write e.g. 0x9C or \"9C\")",
    ]
    with pytest.raises(UserFileError) as info:
        scenario("  journal: {result: 0}\n")
    assert "expected a list of transactions" in info.value.lines()[0]
    with pytest.raises(UserFileError) as info:
        scenario("  last_transaction: {result: 0}\n  journal:\n    - {result: 0x00}\n")
    assert "not both" in info.value.lines()[0]
    with pytest.raises(UserFileError) as info:
        scenario("  journal:\n    - {minutes_ago: 1}\n    - {minutes_ago: 9}\n")
    assert "oldest first" in info.value.lines()[0]


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from(["result", "amount", "minutes_ago", "status_only", "x"]),
                                st.one_of(st.integers(-5, 400), st.text(max_size=4), st.booleans(), st.none())),
                max_size=4))
def test_any_journal_loads_or_fails_as_a_user_file_error(items):
    try:
        sc = scenario("  journal: " + json.dumps(items) + "\n")
    except UserFileError as exc:
        assert all(str(w).startswith("j.yaml") for w, _ in exc.problems)
    else:
        assert len(sc.terminal.journal) == len(items)


def test_send_turnover_totals_lists_every_transaction(open_port):
    with Simulator("retry-after-dropped") as sim:
        res = client(sim, open_port).send_turnover_totals()
    assert res.outcome == "completed"
    lines = res.receipt_lines
    assert lines[0] == "TURNOVER REPORT" and lines[-1] == "COUNT 3  TOTAL 111.50 EUR"
    assert [ln for ln in lines if ln.startswith("TRACE")] == ["TRACE 40  RECEIPT 15", "TRACE 41  RECEIPT 16",
                                                             "TRACE 42  RECEIPT 17"]
    assert all("6725000000000000019" not in ln for ln in lines)
    since = datetime.strptime(lines[2].removeprefix("TURNOVER SINCE "), "%Y-%m-%d %H:%M:%S")
    assert abs(since - (datetime.now() - timedelta(minutes=600))) < timedelta(minutes=1)


def test_repeat_receipt_answers_with_the_newest(open_port):
    with Simulator("retry-after-dropped") as sim:
        t = client(sim, open_port).repeat_receipt().transaction
    assert (t.result_code, t.trace_number, str(t.amount)) == (0x05, 42, "99.00")


def test_status_information_with_only_a_result_code(open_port):
    with Simulator("status-result-only") as sim:
        t = client(sim, open_port).repeat_receipt().transaction
    assert t.result_code == 0x6D and (t.amount, t.time, t.trace_number, t.receipt_number) == (None, None, None, None)


def test_a_terminal_that_cannot_list_its_period_refuses(open_port):
    with Simulator("no-period-list") as sim:
        res = client(sim, open_port).send_turnover_totals()
    assert res.outcome == "refused" and res.result_code == 0x83


def test_without_ecr_printing_the_report_stays_on_the_terminal(open_port):
    with Simulator("dropped-transaction") as sim:
        res = client(sim, open_port).send_turnover_totals()
    assert res.outcome == "completed" and res.receipt_lines == []


@pytest.mark.parametrize("framing", ["serial", "zvt"])
def test_send_turnover_totals_over_tcp(framing, open_port):
    with Simulator("double-charge", link="tcp", tcp_framing=framing) as sim:
        res = client(sim, open_port).send_turnover_totals()
    assert res.outcome == "completed" and res.receipt_lines[-1] == "COUNT 2  TOTAL 198.00 EUR"


def test_a_listing_that_disagrees_with_the_status_information(open_port):
    # issue 22, case 4: the 04 0F of Repeat Receipt says trace 42 approved, the period's listing says declined
    with Simulator("sources-disagree") as sim:
        zvt = client(sim, open_port)
        t = zvt.repeat_receipt().transaction
        lines = zvt.send_turnover_totals().receipt_lines
    assert (t.result_code, t.trace_number, str(t.amount)) == (0x00, 42, "99.00")
    i = lines.index("TRACE 42  RECEIPT 17")
    assert lines[i + 3] == "DECLINED (05)" and lines[-1] == "COUNT 2  TOTAL 35.00 EUR"


def test_a_result_wording_is_printed_as_the_scenario_gives_it(open_port):
    # issue 22, case 5: the wording a terminal prints, on the listing exactly as written
    with Simulator("result-wording") as sim:
        lines = client(sim, open_port).send_turnover_totals().receipt_lines
    assert "APPROVED - KEEP SLIP TO AVOID DISPUTES" in lines and "TRANSACTION RECORDED" in lines
    assert lines.count("APPROVED") == 1  # only the last, which has no wording of its own


def test_result_text_and_listed_result_are_checked_with_line_and_path():
    sc = scenario("  last_transaction: {result: 0, listed_result: \"05\", result_text: PAID}\n")
    assert sc.terminal.last_transaction.listed_result == 5 and sc.terminal.last_transaction.result_text == "PAID"
    assert scenario("  last_transaction: {listed_result: null}\n").terminal.last_transaction.listed_result is None
    with pytest.raises(UserFileError) as info:
        scenario("  last_transaction: {listed_result: 300}\n")
    assert info.value.lines() == [
        "j.yaml:5:22 (at terminal.last_transaction.listed_result): expected a byte 0..255 (e.g. 0x9C), got a number 300"]
    with pytest.raises(UserFileError) as info:
        scenario("  last_transaction: {result_text: \"" + "X" * 41 + "\"}\n")
    assert info.value.lines()[0].endswith("(at terminal.last_transaction.result_text): expected at most 40 printable "
                                          "ASCII characters (one print line), got 41 characters")
