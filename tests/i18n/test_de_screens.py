"""The German screens a cashier reads (issue 30): the check table of every simulator scenario and every shipped
playbook walked with `fix --yes`, run through the CLI in German; no Chinese, no English sentence or label
(langlint.de_problems) — and German chosen by each of the ways a shop sets its language."""

from __future__ import annotations

import pytest

from tests.i18n.langlint import de_problems
from tests.i18n.screens import SCENARIOS, all_screens, run, shown, tail, walks


@pytest.fixture(scope="module")
def screens(tmp_path_factory):
    # the walks of tests/cli/test_fix.py answer the Chinese market's questions: walked in German words with that
    # market, every text of the walk is read (the German market's own steps: tests/playbooks/test_markets.py)
    return all_screens(tmp_path_factory, "de", extra_env={"POS_DOCTOR_SHOP_MARKET": "cn"})


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_check_table_de(screens, scenario):
    p = screens[("check", scenario)]
    bad = de_problems(shown(p))
    assert not bad, "\n".join(bad) + tail(p)


@pytest.mark.parametrize("pid", sorted(walks("de")))
def test_fix_walk_de(screens, pid):
    p = screens[("fix", pid)]
    bad = de_problems(shown(p))
    assert not bad, "\n".join(bad) + tail(p)


@pytest.mark.parametrize("how", ["flag", "env", "locale", "config"])
def test_german_is_chosen_by_flag_environment_locale_or_configuration(tmp_path, how):
    args, env = ["check", "--simulate", "healthy"], {}
    if how == "flag":
        args += ["--lang", "de"]
    elif how == "env":
        env["POS_DOCTOR_LANG"] = "de"
    elif how == "locale":
        env["LANG"] = "de_DE.UTF-8"
    else:
        conf = tmp_path / "xdg" / "pos-doctor" / "pos-doctor.toml"
        conf.parent.mkdir(parents=True)
        conf.write_text('language = "de"\n', encoding="utf-8")
    _, p = run((("check", how), args, None, tmp_path, "", env))
    out = shown(p)
    assert p.returncode == 0, out
    assert "Alles in Ordnung" in out or "Alles gut" in out or "In Ordnung" in out, out
    assert not de_problems(out), "\n".join(de_problems(out))
