"""`--help` of every command in German, through the CLI: selected by `--lang de`, POS_DOCTOR_LANG, a German locale or
`language = "de"` in the configuration; no Chinese and no English sentence on the screen (what a person types - the
commands, flags, config keys and values in backticks, metavars, addresses - aside); click's own words German too."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.i18n.helpscreens import PATHS, help_screen, language_only

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# words an English sentence cannot do without, and click's and typer's own words: none is German
ENGLISH = {"the", "and", "of", "to", "with", "is", "are", "for", "from", "this", "that", "each", "every", "only",
           "show", "when", "which", "not", "or", "by", "its", "it", "be", "on", "at", "as", "if", "default", "run",
           "runs", "file", "print", "list", "help", "message", "usage", "options", "commands", "arguments",
           "error", "required", "terminal's", "payment", "printer", "receipt", "one", "all", "also", "without",
           "instead", "shop", "till", "statement", "language", "english", "chinese", "german", "try", "integer"}
WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß']*")


def english_words(screen: str) -> list[str]:
    return [w for w in WORD.findall(language_only(screen)) if w.lower() in ENGLISH]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p or "pos-doctor")
def test_help_is_german(tmp_path, path):
    p = help_screen(tmp_path, path, "de")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("Aufruf: pos-doctor") and "Optionen:" in p.stdout, p.stdout
    assert not CJK.search(p.stdout), p.stdout
    assert not english_words(p.stdout), f"{english_words(p.stdout)}\n{p.stdout}"


@pytest.mark.parametrize("via", ["env", "locale", "config"])
def test_german_is_selected_every_way(tmp_path, via):
    for path in ("", "check", "history prune"):
        p = help_screen(tmp_path, path, "de", via=via)
        assert p.returncode == 0, p.stderr
        assert p.stdout.startswith("Aufruf: pos-doctor"), (via, path, p.stdout)


def test_the_lint_sees_english():
    """The check above can fail: an untranslated screen is caught."""
    assert english_words("Aufruf: pos-doctor check [OPTIONEN]\n\n  Show the effective configuration.\n")
    assert not english_words("Aufruf: pos-doctor check [OPTIONEN]\n\n  Die gültige Konfiguration anzeigen.\n")


def _run(tmp_path, *args: str, lang: str = "de") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_") and k != "LANGUAGE"}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"),
               POS_DOCTOR_LANG=lang, NO_COLOR="1", LANG="C.UTF-8")
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


def test_clicks_usage_errors_in_german(tmp_path):
    """click's own words come through gettext, bound to our catalogs (click.po): no patching of click."""
    p = _run(tmp_path, "fix", "--bogus")
    assert p.returncode == 3
    assert "Die Option '--bogus' gibt es nicht." in p.stderr, p.stderr
    p = _run(tmp_path, "history", "--limit", "abc")
    assert p.returncode == 3 and "Ungültiger Wert für '--limit': 'abc' ist keine gültige Zahl." in p.stderr, p.stderr


def test_a_bad_lang_is_named_in_the_screens_language(tmp_path):
    p = _run(tmp_path, "checks", "--lang", "fr", lang="en")
    assert p.returncode == 3 and "choose `zh` (Chinese), `en` (English) or `de` (German)" in p.stderr, p.stderr
    assert not CJK.search(p.stderr), p.stderr
