"""The message catalogs: `pos_doctor/locale/<locale>/LC_MESSAGES/*.po` (one file per part of the program), compiled
into one `pos_doctor.mo` per locale when the package is built (setup.py), read with the standard library's gettext.

A source checkout (an editable install, the tests) may hold a `.po` newer than the `.mo`, or no `.mo` at all: the
catalog is then compiled on first use (with Babel), next to the `.po` where that is writable, else in a folder of
the system's temporary folder. Extra catalog folders (a test's pseudo-locale) come from POS_DOCTOR_LOCALEDIR.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pos_doctor.i18n import DOMAIN, extra_locale_dirs

LOCALE_DIR = Path(__file__).parent / "locale"


def locale_dirs() -> list[Path]:
    return [Path(d) for d in extra_locale_dirs()] + [LOCALE_DIR]


def load(locale: str) -> Any:
    """The compiled catalog of `locale` (gettext.GNUTranslations), or None when there is none."""
    mo = mo_file(locale)
    if mo is None:
        return None
    import gettext

    with open(mo, "rb") as fh:
        return gettext.GNUTranslations(fh)


def mo_file(locale: str) -> Path | None:
    """The compiled catalog of `locale`, fresh, at `<folder>/<locale>/LC_MESSAGES/pos_doctor.mo`: the layout gettext's
    own lookup expects (cli/language.py binds click's and typer's words to it), or None when there is none."""
    for base in locale_dirs():
        folder = base / locale / "LC_MESSAGES"
        mo = _fresh_mo(sorted(folder.glob("*.po")), folder / f"{DOMAIN}.mo")
        if mo is not None:
            return mo
    return None


def _fresh_mo(pos: list[Path], mo: Path) -> Path | None:
    """The compiled catalog of a locale's `.po` files (one per part of the program), compiled again when one changed."""
    if not pos:
        return mo if mo.is_file() else None
    newest = max(p.stat().st_mtime_ns for p in pos)
    for where in (lambda: mo, lambda: _cache_mo(mo)):  # the cache's folder only when needed (tempfile: start-up)
        target = where()
        try:
            if target.is_file() and target.stat().st_mtime_ns >= newest:
                return target
            compile_po(pos, target)
            return target
        except OSError:
            continue
    return None


def _cache_mo(mo: Path) -> Path:
    """Where a catalog is compiled when its folder is not writable: the same `<locale>/LC_MESSAGES/<name>` layout under
    a folder of the system's temporary folder (one per source folder)."""
    import hashlib
    import tempfile

    key = hashlib.sha1(str(mo.resolve()).encode()).hexdigest()[:16]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    base = Path(tempfile.gettempdir()) / f"pos-doctor-catalogs-{uid}" / key
    return base / mo.parent.parent.name / "LC_MESSAGES" / mo.name


def read_catalog(pos: list[Path]) -> Any:
    """One catalog from a locale's `.po` files (babel's Catalog); a message in two files keeps the first."""
    from babel.messages.pofile import read_po

    merged = None
    for po in pos:
        with open(po, "rb") as fh:
            cat = read_po(fh)
        if merged is None:
            merged = cat
            continue
        for m in cat:
            if m.id and merged.get(m.id, context=m.context) is None:
                merged[m.id] = m
    return merged


def compile_po(pos: list[Path], mo: Path) -> None:
    """Compile one locale's catalogs into one `.mo` (atomically: a reader never sees half a file)."""
    from babel.messages.mofile import write_mo

    cat = read_catalog(pos)
    mo.parent.mkdir(parents=True, exist_ok=True)
    tmp = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        write_mo(fh, cat, use_fuzzy=False)
    os.replace(tmp, mo)


def compile_all(root: Path = LOCALE_DIR, out: Path | None = None) -> list[Path]:
    """Compile every locale under `root` (into `out`, mirroring the tree, when given): the build step."""
    done = []
    for folder in sorted(p for p in root.glob("*/LC_MESSAGES") if any(p.glob("*.po"))):
        target = (out / folder.relative_to(root)) if out else folder
        compile_po(sorted(folder.glob("*.po")), target / f"{DOMAIN}.mo")
        done.append(target / f"{DOMAIN}.mo")
    return done


def lookup(cat: Any, msgid: str, context: str | None, plural: str | None, n: Any) -> str | None:
    """The catalog's translation, or None when it has none (gettext would silently give back the English)."""
    if plural is not None:
        key: Any = (f"{context}\x04{msgid}" if context else msgid, cat.plural(n if isinstance(n, int) else 1))
    else:
        key = f"{context}\x04{msgid}" if context else msgid
    got = cat._catalog.get(key)
    return got if got else None
