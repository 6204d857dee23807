"""Adding a language is a catalog and playbook translations only (issue 30): a pseudo-locale, en_XA (accented
English between ⟦ ⟧), is made at test time from the shipped catalogs and playbooks, with no code change; then every
scenario's check and every playbook's walk is run in it through the CLI, and nothing may reach the screen that did
not come through a translation (langlint.pseudo_problems)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.i18n.langlint import pseudo, pseudo_problems
from tests.i18n.screens import PLAYBOOKS_DIR, all_screens, run, shown, tail

ROOT = Path(__file__).resolve().parents[2]
LOCALE = "en_XA"


def _catalog_ids() -> dict[tuple, object]:
    """Every message of the shipped catalogs, by (context, id): the union over their locales and parts."""
    from babel.messages.pofile import read_po

    ids: dict[tuple, object] = {}
    for po in sorted((ROOT / "pos_doctor" / "locale").glob("*/LC_MESSAGES/*.po")):
        with open(po, "rb") as fh:
            for m in read_po(fh):
                if m.id:
                    ids.setdefault((m.context, m.id if isinstance(m.id, str) else tuple(m.id)), m)
    return ids


def write_pseudo_catalog(base: Path) -> Path:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    cat = Catalog(locale="en", domain="pseudo")
    cat.plural_forms  # noqa: B018 - en's plural rule (two forms), as babel knows it
    for (context, mid), _ in _catalog_ids().items():
        string = tuple(pseudo(s) for s in mid) if isinstance(mid, tuple) else pseudo(mid)
        cat.add(mid, string=string, context=context)
    folder = base / LOCALE / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "pseudo.po", "wb") as fh:
        write_po(fh, cat)
    return base


def _add_locale(node):
    if isinstance(node, dict):
        out = {k: _add_locale(v) for k, v in node.items()}
        if isinstance(node.get("en"), str) and ("zh" in node or "de" in node):
            out[LOCALE] = pseudo(node["en"])
        return out
    if isinstance(node, list):
        return [_add_locale(v) for v in node]
    return node


def write_pseudo_playbooks(base: Path) -> Path:
    """The shipped playbooks with an en_XA text next to every English one (the playbook translations)."""
    base.mkdir(parents=True)
    for path in sorted(PLAYBOOKS_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        base.joinpath(path.name).write_text(yaml.safe_dump(_add_locale(doc), allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
    return base


@pytest.fixture(scope="module")
def pseudo_env(tmp_path_factory):
    base = tmp_path_factory.mktemp("pseudo")
    playbooks = write_pseudo_playbooks(base / "pb")
    return {"POS_DOCTOR_LOCALEDIR": str(write_pseudo_catalog(base / "locale")),
            "POS_DOCTOR_PLAYBOOKS_DIRS": str(playbooks)}, playbooks


@pytest.fixture(scope="module")
def screens(tmp_path_factory, pseudo_env):
    env, _ = pseudo_env  # the translated playbooks come in through the configuration (playbooks.dirs)
    return all_screens(tmp_path_factory, LOCALE, extra_env=env)


def test_the_pseudo_locale_is_a_language_by_its_files_alone(tmp_path, pseudo_env):
    env, _ = pseudo_env
    _, p = run((("check", "healthy"), ["check", "--simulate", "healthy", "--lang", LOCALE], None, tmp_path, "en", env))
    out = shown(p)
    assert p.returncode == 0 and "⟦" in out, out  # chosen by --lang, rendered from the made catalog
    assert not pseudo_problems(out), "\n".join(pseudo_problems(out)) + tail(p)


@pytest.mark.parametrize("scenario", sorted(__import__("tests.i18n.screens", fromlist=["x"]).SCENARIOS))
def test_every_check_screen_comes_through_the_catalogs(screens, scenario):
    p = screens[("check", scenario)]
    bad = pseudo_problems(shown(p))
    assert not bad, "\n".join(bad) + tail(p)


@pytest.mark.parametrize("pid", sorted(p.stem for p in PLAYBOOKS_DIR.glob("*.yaml")))
def test_every_walk_comes_through_the_catalogs_and_the_playbook_translations(screens, pid):
    p = screens[("fix", pid)]
    bad = pseudo_problems(shown(p))
    assert not bad, "\n".join(bad) + tail(p)
