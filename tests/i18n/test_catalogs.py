"""The catalogs and the code agree (issue 30): every message the code says is a literal id found in every shipped
locale's catalogs, and no catalog keeps a message the code no longer says.

A message is a call of `T(id)`, `Text(id)`, `TC(context, id)` or `TN(singular, plural, n)` in pos_doctor/; a call
with `inline=` or `params=` carries its own texts (a playbook's, a record's) and is not a catalog message.
click.po (click's and typer's own words) and help.po (the commands' help, declared where typer reads it) are
checked by the help tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "pos_doctor"
LOCALES = ("zh_CN", "de")
NOT_FROM_CODE = {"click.po", "help.po"}


def code_messages() -> tuple[dict[tuple, list[str]], list[str]]:
    """{(context, id): [file:line, ...]} of every catalog message in the code, and the calls whose id is not a
    literal (an f-string, a name): those cannot be looked up."""
    found: dict[tuple, list[str]] = {}
    computed: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("i18n.py", "catalogs.py"):
            continue
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("T", "Text", "TC", "TN")):
                continue
            if any(k.arg in ("inline", "params") for k in node.keywords) or not node.args:
                continue
            where = f"{rel}:{node.lineno}"
            args = node.args
            if node.func.id == "TC":
                ctx, ids = args[0], args[1:2]
            elif node.func.id == "TN":
                ctx, ids = None, args[:1]
            else:
                ctx, ids = None, args[:1]
            if len(args) >= 2 and node.func.id in ("T", "Text"):
                computed.append(f"{where}: a two-language Text(en, zh): move the zh to the catalogs")
                continue
            if any(isinstance(a, (ast.JoinedStr, ast.BinOp)) for a in [*ids, *([ctx] if ctx is not None else [])]):
                computed.append(f"{where}: the id of a message is formatted in place: no catalog can hold it")
                continue
            values = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in ids]
            context = ctx.value if isinstance(ctx, ast.Constant) else (None if ctx is None else "?")
            if None in values or context == "?":
                continue  # an id passed on (a wrapper, a table's values): its literal is found where it is written
            found.setdefault((context, values[0]), []).append(where)
    return found, computed


def code_strings() -> set[str]:
    """Every string literal of the package: an id passed on (a table of ids, a wrapper) is one of them."""
    out: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(node.value)
    from pos_doctor.payments.statement_words import STATEMENT_PHRASES  # a verdict said of a statement: derived ids

    for s in list(out):
        said = s
        for a, b in STATEMENT_PHRASES:
            said = said.replace(a, b)
        out.add(said)
    return out


def catalog(locale: str, *, from_code_only: bool = False) -> dict[tuple, object]:
    from babel.messages.pofile import read_po

    out: dict[tuple, object] = {}
    for po in sorted((PACKAGE / "locale" / locale / "LC_MESSAGES").glob("*.po")):
        if from_code_only and po.name in NOT_FROM_CODE:
            continue
        with open(po, "rb") as fh:
            for m in read_po(fh):
                if m.id:
                    key = (m.context, m.id if isinstance(m.id, str) else m.id[0])
                    out.setdefault(key, m)
    return out


def test_every_message_id_is_a_literal():
    _, computed = code_messages()
    assert not computed, "\n".join(computed)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_of_the_code_is_translated(locale):
    used, _ = code_messages()
    cat = catalog(locale)
    missing = [f"{wheres[0]}: {mid!r}" + (f" (context {ctx!r})" if ctx else "")
               for (ctx, mid), wheres in sorted(used.items(), key=lambda kv: kv[1][0])
               if mid and ((ctx, mid) not in cat or not cat[(ctx, mid)].string)]
    assert not missing, f"{len(missing)} messages without {locale}:\n" + "\n".join(missing)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_catalog_keeps_a_message_the_code_no_longer_says(locale):
    used, _ = code_messages()
    literals = code_strings()
    stale = sorted(f"{mid!r}" + (f" (context {ctx!r})" if ctx else "")
                   for (ctx, mid) in catalog(locale, from_code_only=True) if (ctx, mid) not in used
                   and mid not in literals)
    assert not stale, f"{len(stale)} stale entries in {locale}:\n" + "\n".join(stale)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_message_is_in_two_files(locale):
    """A locale's files are merged, the first by name winning (pos_doctor/catalogs.py): a second copy is never read,
    and one edited there changes nothing on screen. `python tools/i18n_prune.py` removes them."""
    from babel.messages.pofile import read_po

    first: dict[tuple, str] = {}
    twice = []
    for po in sorted((PACKAGE / "locale" / locale / "LC_MESSAGES").glob("*.po")):
        with open(po, "rb") as fh:
            for m in read_po(fh):
                if not m.id:
                    continue
                key = (m.context, m.id if isinstance(m.id, str) else m.id[0])
                if key in first:
                    twice.append(f"{po.name} repeats {first[key]}: {key[1]!r}")
                first.setdefault(key, po.name)
    assert not twice, f"{len(twice)} messages in two files of {locale}:\n" + "\n".join(twice)


# Messages whose code passes more parameters than the English uses: the words another language needs (a device's
# kind and name, the answers' labels, an amount's decimal comma).
MORE_PARAMS = {"cannot use the USB {name} {port}: {exc}", "port {port} does not exist", "port {port} is in use",
               "port {port} is in use, held by {holder}", "Answer one of: {ids}.", "{amount}"}


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_name_only_the_placeholders_the_code_gives(locale):
    """A translation may leave a parameter out (a word the language does not need); it may not invent one."""
    import string

    def fields(s: str) -> set[str]:
        return {f.split("!")[0].split(":")[0] for _, f, _, _ in string.Formatter().parse(s) if f}

    bad = []
    for (_, mid), m in catalog(locale).items():
        if mid in MORE_PARAMS:
            continue
        given = set().union(*(fields(i) for i in ([m.id] if isinstance(m.id, str) else m.id))) | {"n"}
        strings = [m.string] if isinstance(m.string, str) else list(m.string or ())
        bad += [f"{mid!r} -> {s!r}" for s in strings if s and not fields(s) <= given]
    assert not bad, "\n".join(bad)
