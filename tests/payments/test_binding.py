"""A verdict bound to its evidence (payments/binding.py): each reason a verdict stops standing for the terminal's
records, in the order the module's table gives them, and when records read a moment ago are reused. Example tests
with exact expectations (the mutation run of binding.py takes these with tests/playbooks/test_money.py)."""

import hashlib
from datetime import datetime, timedelta, timezone

import pytest

from pos_doctor.payments import binding
from pos_doctor.payments.binding import (bind, canonical, digest, distrust, evidence_is_fresh, reads_terminal,
                                         same_terminal, stale)

NOW = datetime(2026, 11, 24, 14, 0, 0, tzinfo=timezone.utc)
TERMINAL = {"port": "/dev/ttyUSB0", "scenario": None, "terminal_id": "52500001", "serial": None}
EVIDENCE = {"readable": True, "records": [{"result": "approved", "amount": "12.50"}], "complete": True}


def entry(age_s: float = 10, **kw) -> dict:
    return {"evidence": EVIDENCE, "at": (NOW - timedelta(seconds=age_s)).isoformat(), "terminal": TERMINAL, **kw}


def bound(ev: dict, seq: int = 1) -> dict:
    return {"verdict": "charged", "binding": bind(ev, seq)}


# --- canonical JSON and its digest ----------------------------------------------------------------------------

def test_canonical_is_sorted_compact_utf8():
    assert canonical({"b": 1, "a": [1, "é"]}) == '{"a":[1,"é"],"b":1}'.encode("utf-8")
    assert canonical({"t": datetime(2026, 1, 2, 3, 4, 5)}) == b'{"t":"2026-01-02 03:04:05"}'


def test_digest_is_sha256_of_the_canonical_json():
    assert digest({"b": 1, "a": 2}) == hashlib.sha256(b'{"a":2,"b":1}').hexdigest()
    assert digest({"a": 2, "b": 1}) == digest({"b": 1, "a": 2})
    assert digest(EVIDENCE) != digest({**EVIDENCE, "complete": False})


# --- which terminal -------------------------------------------------------------------------------------------

def test_identity_of_a_real_terminal_keeps_its_port_as_text():
    assert binding.identity({"port": "/dev/ttyUSB0", "terminal_id": 52500001, "serial": "S1"}) == {
        "port": "/dev/ttyUSB0", "scenario": None, "terminal_id": "52500001", "serial": "S1"}
    # the terminal's own port wins over the session's port
    assert binding.identity({"port": "/dev/ttyS0", "terminal_port": "/dev/ttyUSB1"})["port"] == "/dev/ttyUSB1"


def test_identity_of_a_simulator_is_its_scenario_not_its_pty():
    assert binding.identity({"port": "/dev/pts/7", "scenario": "declined", "simulated": True}) == {
        "port": None, "scenario": "declined", "terminal_id": None, "serial": None}
    assert binding.identity({"port": "/dev/pts/7", "scenario": "declined"})["port"] is None
    assert binding.identity({"port": "/dev/pts/7", "simulated": True}) == {
        "port": None, "scenario": None, "terminal_id": None, "serial": None}


def test_identity_of_nothing_is_all_unknown():
    unknown = {"port": None, "scenario": None, "terminal_id": None, "serial": None}
    assert binding.identity(None) == unknown
    assert binding.identity("not a dict") == unknown  # type: ignore[arg-type]


def test_same_terminal():
    a = {"port": "/dev/ttyUSB0", "scenario": None, "terminal_id": "1", "serial": None}
    assert same_terminal(a, dict(a))
    assert same_terminal(a, {**a, "serial": "S1"})  # known on one side only
    assert same_terminal(a, {**a, "terminal_id": None})
    assert not same_terminal(a, {**a, "terminal_id": "2"})
    assert not same_terminal(a, {**a, "port": "/dev/ttyUSB1"})
    assert not same_terminal({**a, "serial": "S1"}, {**a, "serial": "S2"})
    sim = {"port": None, "scenario": "ok", "terminal_id": None, "serial": None}
    assert not same_terminal(a, sim) and not same_terminal(sim, a)
    assert not same_terminal(sim, {**sim, "scenario": "declined"})
    assert same_terminal(None, None) and same_terminal({}, None)
    assert not same_terminal(a, None) and not same_terminal(None, a)


# --- what a transcript entry did ------------------------------------------------------------------------------

@pytest.mark.parametrize("e, reads", [
    ({"action": "read_journal", "result": {}}, True),
    ({"action": "read_journal"}, False),  # asked, never run
    ({"action": "print_receipt_copy", "result": {"ok": True}}, True),
    ({"action": "open_drawer", "result": {}}, False),
    ({"checks": [{"id": "terminal.status", "status": "ok"}]}, True),
    ({"checks": [{"id": "terminal.status", "status": "skipped"}]}, False),
    ({"checks": [{"id": "printer.paper", "status": "ok"}]}, False),
    ({"verify": {"checks": [{"id": "link.terminal", "status": "fail"}]}}, True),
    ({"result": {"data": {"checks": [{"id": "terminal.journal", "status": "warn"}]}}}, True),
    ({"checks": ["terminal.status"]}, False),  # not a check result
    ({}, False),
])
def test_reads_terminal(e, reads):
    assert reads_terminal(e) is reads


# --- stale: each reason, in the table's order -------------------------------------------------------------------

def test_no_verdict_nothing_to_unsettle():
    assert stale(None, entry(), [], TERMINAL, now=NOW) is None
    assert stale({}, entry(), [], TERMINAL, now=NOW) is None


def test_a_fresh_bound_verdict_stands():
    ev = entry(age_s=10)
    assert stale(bound(ev), ev, [{}, {}], TERMINAL, now=NOW) is None


@pytest.mark.parametrize("payment", [{"verdict": "charged"}, {"verdict": "charged", "binding": "x"},
                                     {"verdict": "charged", "binding": {"seq": "1"}}])
def test_unbound(payment):
    code, text = stale(payment, entry(), [], TERMINAL, now=NOW)
    assert code == "unbound" and text == binding.REASONS["unbound"]


def test_other_terminal():
    ev = entry()
    assert stale(bound(ev), ev, [], {**TERMINAL, "terminal_id": "99"}, now=NOW)[0] == "other_terminal"


def test_evidence_changed_by_its_records_or_its_time():
    ev = entry()
    p = bound(ev)
    assert stale(p, {**ev, "evidence": {**EVIDENCE, "complete": False}}, [], TERMINAL, now=NOW)[0] == \
        "evidence_changed"
    assert stale(p, {**ev, "at": NOW.isoformat()}, [], TERMINAL, now=NOW)[0] == "evidence_changed"
    assert stale(p, None, [], TERMINAL, now=NOW)[0] == "evidence_changed"


def test_terminal_read_after_the_verdict_but_not_before_it():
    ev = entry()
    read = {"action": "read_journal", "result": {}}
    assert stale(bound(ev, seq=1), ev, [read, {}], TERMINAL, now=NOW) is None  # entry 0 came before the verdict
    assert stale(bound(ev, seq=1), ev, [{}, read], TERMINAL, now=NOW)[0] == "terminal_read"
    assert stale(bound(ev, seq=1), ev, [{}, "not an entry", read], TERMINAL, now=NOW)[0] == "terminal_read"


def test_resumed():
    ev = entry()
    p = bound(ev)
    distrust(p, ev)
    assert p["binding"]["resumed"] is True and ev["resumed"] is True
    assert stale(p, ev, [], TERMINAL, now=NOW)[0] == "resumed"


def test_distrust_of_a_payment_without_binding_marks_it_resumed():
    p = {"verdict": "charged"}
    distrust(p, None)
    assert p["binding"] == {"resumed": True}
    distrust(None, None)  # nothing to mark


@pytest.mark.parametrize("age_s, old", [(0, False), (599, False), (600, False), (601, True), (-1, True)])
def test_evidence_old_at_the_default_age(age_s, old):
    ev = entry(age_s=age_s)
    why = stale(bound(ev), ev, [], TERMINAL, now=NOW)
    if old:
        assert why[0] == "evidence_old"
        assert (why[1].en, why[1].zh) == ("the terminal's records are older than 600 s", "POS机记录已超过 600 秒")
    else:
        assert why is None


def test_evidence_old_at_the_playbooks_age_and_without_a_time():
    ev = entry(age_s=61)
    why = stale(bound(ev), ev, [], TERMINAL, max_age_s=60, now=NOW)
    assert why[0] == "evidence_old" and why[1].en.endswith("older than 60 s")
    assert stale(bound(ev), ev, [], TERMINAL, max_age_s=61, now=NOW) is None
    ev = {**entry(), "at": None}
    assert stale(bound(ev), ev, [], TERMINAL, now=NOW)[0] == "evidence_old"


def test_a_time_without_zone_is_utc():
    ev = {**entry(), "at": (NOW - timedelta(seconds=30)).replace(tzinfo=None).isoformat()}
    assert stale(bound(ev), ev, [], TERMINAL, max_age_s=31, now=NOW) is None
    assert stale(bound(ev), ev, [], TERMINAL, max_age_s=29, now=NOW)[0] == "evidence_old"


def test_the_first_reason_in_the_table_is_given():
    ev = entry(age_s=10_000)
    p = bound(ev)
    distrust(p, ev)
    # other terminal, read again, resumed and old at once: the terminal is named
    assert stale(p, ev, [{"action": "read_journal", "result": {}}] * 3, {**TERMINAL, "port": "x"},
                 now=NOW)[0] == "other_terminal"
    assert stale(p, ev, [{"action": "read_journal", "result": {}}] * 3, TERMINAL, now=NOW)[0] == "terminal_read"
    assert stale(p, ev, [], TERMINAL, now=NOW)[0] == "resumed"


# --- fresh records are reused -----------------------------------------------------------------------------------

def test_fresh_within_two_minutes_from_the_same_terminal_with_nothing_done():
    assert evidence_is_fresh(entry(age_s=0), [], TERMINAL, now=NOW)
    assert evidence_is_fresh(entry(age_s=120), [], TERMINAL, now=NOW)
    assert not evidence_is_fresh(entry(age_s=121), [], TERMINAL, now=NOW)
    assert not evidence_is_fresh(entry(age_s=-1), [], TERMINAL, now=NOW)
    assert evidence_is_fresh(entry(age_s=30), [], TERMINAL, fresh_s=30, now=NOW)
    assert not evidence_is_fresh(entry(age_s=31), [], TERMINAL, fresh_s=30, now=NOW)
    assert not evidence_is_fresh(entry(), [], {**TERMINAL, "terminal_id": "2"}, now=NOW)


def test_not_fresh_without_readable_evidence_or_a_time_or_after_a_resume():
    assert not evidence_is_fresh(None, [], TERMINAL, now=NOW)
    assert not evidence_is_fresh({**entry(), "evidence": None}, [], TERMINAL, now=NOW)
    assert not evidence_is_fresh({**entry(), "evidence": {**EVIDENCE, "readable": False}}, [], TERMINAL, now=NOW)
    assert not evidence_is_fresh({**entry(), "evidence": {"records": []}}, [], TERMINAL, now=NOW)
    assert not evidence_is_fresh({**entry(), "at": "yesterday"}, [], TERMINAL, now=NOW)
    assert not evidence_is_fresh(entry(resumed=True), [], TERMINAL, now=NOW)


@pytest.mark.parametrize("done, fresh", [
    ({"kind": "instruction"}, False), ({"kind": "include"}, False), ({"kind": "confirm"}, False),
    ({"kind": "instruction", "skipped": True}, True),  # skipped: nothing was done at the till
    ({"kind": "question"}, True), ({"kind": "reconcile"}, True),
    ({"action": "terminal_status", "result": {}}, False),
])
def test_not_fresh_after_something_was_done_since_the_reading(done, fresh):
    ev = entry(seq=1)
    assert evidence_is_fresh(ev, [{"kind": "instruction"}, done], TERMINAL, now=NOW) is fresh
    # before the reading (seq) it does not count
    assert evidence_is_fresh(entry(seq=2), [{"kind": "instruction"}, done], TERMINAL, now=NOW)


def test_fresh_reading_without_seq_counts_the_whole_transcript():
    assert not evidence_is_fresh(entry(), [{"kind": "instruction"}], TERMINAL, now=NOW)
    assert not evidence_is_fresh(entry(seq="1"), [{"kind": "instruction"}], TERMINAL, now=NOW)


# --- found by the mutation run of binding.py (issue 28) -----------------------------------------------------------

@pytest.mark.parametrize("origin, fresh", [("link", True), (None, True), ("typed_terminal", False),
                                           ("typed_qr_app", False), ("statement", False)])
def test_only_a_reading_of_the_link_is_fresh_evidence(origin, fresh):
    evidence = {**EVIDENCE, **({} if origin is None else {"origin": origin})}  # no origin: an older file, the link
    assert evidence_is_fresh({**entry(), "evidence": evidence}, [], TERMINAL, now=NOW) is fresh


def test_a_reading_time_with_its_own_offset_is_that_instant():
    ev = {**entry(), "at": "2026-11-24T15:59:50+02:00"}  # 13:59:50 UTC: read 10 s ago
    assert evidence_is_fresh(ev, [], TERMINAL, now=NOW)
    assert stale(bound(ev), ev, [], TERMINAL, now=NOW) is None
    ev = {**entry(), "at": "2026-11-24T13:59:50-02:00"}  # 15:59:50 UTC: ahead of the clock, no proof of freshness
    assert not evidence_is_fresh(ev, [], TERMINAL, now=NOW)
    assert stale(bound(ev), ev, [], TERMINAL, now=NOW)[0] == "evidence_old"


def test_a_real_terminal_with_an_empty_scenario_is_not_a_simulator():
    assert binding.identity({"terminal_port": "/dev/ttyUSB0", "scenario": ""}) == {
        "port": "/dev/ttyUSB0", "scenario": None, "terminal_id": None, "serial": None}
