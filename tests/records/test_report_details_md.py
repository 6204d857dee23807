# ruff: noqa: E501 - the pages below are held line by line as the renderers write them
"""The evidence report's model and its Markdown page, beyond `test_report_details.py`: the model's fields a support
line reads in the JSON report (the run's start in the shop's time, the printer from a check's port), and the Markdown
page's parts said exactly - which column a payment value is in, the words and their order - for the cases the whole
pages there do not reach."""

from __future__ import annotations

import copy

from pos_doctor.records.report import build_model
from tests.cli.test_report_evidence import DEBIT_DOC
from tests.records.test_report_details import leaky_run, run_of


# ---- the model


def test_the_run_starts_in_the_shops_own_time():
    # the offset of the day of the run (the run's contacts), whatever this computer's time zone: +08:00 and +01:00
    assert build_model(run_of(copy.deepcopy(DEBIT_DOC)))["started_local"] == "2026-12-06 14:20:00 UTC+08:00"
    assert build_model(leaky_run())["started_local"] == "2026-12-06 07:20:00 UTC+01:00"
    assert build_model(run_of({}, started_at=None))["started_local"] is None


def test_the_printer_is_the_checks_printer_port_when_nothing_names_it():
    doc = {"target": {"printer_port": "/dev/ttyS1", "terminal_port": "/dev/ttyS0"}}
    m = build_model(run_of(doc, printer="TM-T88"))
    assert (m["terminal"]["printer"], m["terminal"]["port"]) == ("/dev/ttyS1", "/dev/ttyS0")
    assert build_model(run_of({"target": {}}, printer="TM-T88"))["terminal"]["printer"] == "TM-T88"
