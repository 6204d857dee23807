"""The English screens: no Chinese beyond the names of what the POS机 itself shows (langlint.en_problems) — on the
check table of every scenario and every shipped playbook's walk (issue 30: English screens showed Chinese help and
Chinese error words)."""

from __future__ import annotations

import pytest

from tests.i18n.langlint import en_problems
from tests.i18n.screens import SCENARIOS, all_screens, run, shown, tail, walks


@pytest.fixture(scope="module")
def screens(tmp_path_factory):
    return all_screens(tmp_path_factory, "en")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_check_table_en(screens, scenario):
    p = screens[("check", scenario)]
    bad = en_problems(shown(p))
    assert not bad, "\n".join(bad) + tail(p)


@pytest.mark.parametrize("pid", sorted(walks("en")))
def test_fix_walk_en(screens, pid):
    p = screens[("fix", pid)]
    bad = en_problems(shown(p))
    assert not bad, "\n".join(bad) + tail(p)


@pytest.mark.parametrize("args", [["check", "--help"], ["fix", "--help"], ["check", "--fail-on", "bogus"],
                                  ["history", "--help"], ["report", "--help"]])
def test_english_help_and_errors_have_no_chinese(tmp_path, args):
    _, p = run((("x",), args, None, tmp_path, "en", {}))
    bad = en_problems(p.stdout + p.stderr)
    assert not bad, "\n".join(bad) + tail(p)
