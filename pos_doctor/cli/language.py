"""The language of a command line, decided before click is imported (the root help needs it too), and click's and
typer's own words in it (`use`)."""

from __future__ import annotations

import os
from typing import Callable

CHOICES = ("zh", "en", "de")  # what the root's --lang takes (a command's own --lang understands zh-CN, de_DE ... too)
EXPLICIT: str | None = None  # a --lang given anywhere on the command line (`pos-doctor --lang zh check`)
DECIDED: str | None = None  # what main() decided for this command line (--lang, POS_DOCTOR_LANG, configuration, locale)


def option_lang(value: str | None) -> str | None:
    """A command's own --lang as typed: zh-CN, en_US ... are understood; anything else is refused (ValueError), not
    silently ignored. The language a command then speaks: `command_lang`."""
    if value is None:
        return None
    from pos_doctor.i18n import normalise_lang

    lang = normalise_lang(value)
    if lang is None:
        from pos_doctor.i18n import T

        raise ValueError(T("{value}: choose `zh` (Chinese), `en` (English) or `de` (German)",
                           value=repr(value))(DECIDED or "en"))
    return lang


def command_lang(explicit: str | None) -> str | None:
    """A subcommand's own --lang, else the language main() decided for the whole command line (so a configured
    `language = "zh"` and `pos-doctor --lang zh history` reach every command, not only check and fix)."""
    return explicit or DECIDED


def argv_lang(argv: list[str]) -> str:
    """--lang, else POS_DOCTOR_LANG, else `language` in the configuration files, else the locale."""
    from pos_doctor.i18n import detect_lang, normalise_lang

    explicit = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            explicit = argv[i + 1]
        elif arg.startswith("--lang="):
            explicit = arg.split("=", 1)[1]
    global EXPLICIT
    EXPLICIT = normalise_lang(explicit)
    if normalise_lang(explicit) is None and normalise_lang(os.environ.get("POS_DOCTOR_LANG")) is None:
        explicit = configured_lang() or explicit
    return detect_lang(explicit)


def configured_lang() -> str | None:
    """The configuration's language, or None when unset or the files cannot be read (their error comes later)."""
    if not any(path.exists() for path in config_files()):
        return None  # only a file can name it here (a valid POS_DOCTOR_LANG was taken first): no need to load it all
    try:
        from pos_doctor.config import load_config

        return load_config().get("language")
    except Exception:  # noqa: BLE001 - a broken file is reported by the command that reads it, not here
        return None


def config_files() -> tuple:
    """Where the configuration files are looked for (pos_doctor.config.load_config reads the same two, see
    tests/cli/test_fast.py), without importing the configuration's validation."""
    from pathlib import Path

    from pos_doctor.userdirs import user_config_dir

    return (Path(user_config_dir()) / "pos-doctor.toml",
            Path(os.getcwd()) / "pos-doctor.toml")


def use(lang: str) -> Callable[[], None]:
    """Click's and typer's own words ("Usage:", "Show this message and exit.", their usage errors) in `lang`.

    Both libraries call `gettext.gettext`, which looks a message up in gettext's default domain, in the languages of
    the LANGUAGE variable. So the default domain becomes our catalogs (`pos_doctor.mo`, compiled from every .po of the
    locale, click.po among them), and LANGUAGE the chosen locale: gettext's public API, no library patched. Called by
    main() before typer is imported (typer.rich_utils translates some of its words when it is imported). Returns what
    puts gettext's domain and LANGUAGE back as they were."""
    import gettext

    saved_domain, saved_language = gettext.textdomain(), os.environ.get("LANGUAGE")

    def restore() -> None:
        gettext.textdomain(saved_domain)
        if saved_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved_language

    from pos_doctor.i18n import DOMAIN, LOCALES

    locale = LOCALES.get(lang, lang)
    mo = None
    if locale != "en":
        from pos_doctor import catalogs

        mo = catalogs.mo_file(locale)
    if mo is None:  # English, or a language without a catalog: click's own English
        locale = "en"
    os.environ["LANGUAGE"] = locale
    if mo is not None:
        gettext.bindtextdomain(DOMAIN, str(mo.parents[2]))
    gettext.textdomain(DOMAIN)
    return restore
