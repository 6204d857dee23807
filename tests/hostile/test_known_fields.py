"""Fields whose meaning is known are never masked (issue 26): ecrterm's completion reports the software version
`GER-APP-v2.0.9;cR02.01.01-00.09-2-2;CC26` (wirelane/ecrterm ecrterm/tests/test_parsing_completion.py), whose digits
a free-text masker reads as part of a card number. End to end it must reach `target.software_version`, the software
policy's comparison, the database and the report as the terminal sent it."""

from __future__ import annotations

import json
import sys

import pytest

from tests.robustness.test_bad_input import cli

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="simulator on ptys"), pytest.mark.timeout(300)]

VERSION = "GER-APP-v2.0.9;cR02.01.01-00.09-2-2;CC26"


def test_the_software_version_reaches_every_output_unmasked(tmp_path):
    (tmp_path / "ecr.yaml").write_text(
        "spec: 1\nname: ecr\ndescription: {en: ecrterm's terminal, zh: 测试终端}\n"
        f"terminal:\n  model: cVEND box+\n  software_version: '{VERSION}'\n", encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(
        f"spec: 1\nmodels:\n  cVEND box+:\n    minimum: '1.0'\n    bad:\n      - version: '{VERSION}'\n"
        "        note: known bad build\n", encoding="utf-8")
    run = cli(["check", "--simulate", "./ecr.yaml", "--only", "terminal,software", "--policy", "policy.yaml",
               "--json"], tmp_path, timeout=120)
    doc = json.loads(run.out)
    assert doc["target"]["software_version"] == VERSION
    sw = next(c for c in doc["checks"] if c["id"] == "software.terminal")
    assert sw["status"] == "critical", sw  # the policy compared the version as sent: the known-bad build matched
    report = cli(["report", "latest", "--format", "json"], tmp_path)
    assert VERSION in report.out
    hist = cli(["history", "--json"], tmp_path)
    assert report.code == 0 and hist.code == 0
