"""The zh screens a cashier reads, scanned by the Chinese lint: the check table of every simulator scenario, and
every shipped playbook walked with `fix --yes` (the walks of tests/cli/test_fix.py, in Chinese)."""

from __future__ import annotations

import pytest

from tests.i18n.screens import SCENARIOS, all_screens, shown, tail, walks
from tests.i18n.zhlint import screen_problems


@pytest.fixture(scope="module")
def screens(tmp_path_factory):
    return all_screens(tmp_path_factory, "zh")


def _assert_clean(p):
    bad = screen_problems(shown(p))
    assert not bad, "\n".join(bad) + tail(p)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_check_table_zh(screens, scenario):
    _assert_clean(screens[("check", scenario)])


@pytest.mark.parametrize("pid", sorted(walks("zh")))
def test_fix_walk_zh(screens, pid):
    _assert_clean(screens[("fix", pid)])
