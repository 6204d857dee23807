"""One-off migration aid (issue 30): move the Chinese of every literal `T(en, zh)` / `Text(en, zh)` into the zh_CN
catalog and leave `T(en)` in the code. Prints the call sites it could not move (f-strings, names): those are moved by
hand, as messages with parameters.

    python tools/i18n_codemod.py [FILE_OR_DIR ...]      # default: pos_doctor/
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "pos_doctor" / "locale" / "zh_CN" / "LC_MESSAGES" / "messages.po"
SKIP = {"i18n.py", "catalogs.py"}


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def sites(path: Path):
    src = path.read_text(encoding="utf-8")
    tree = ast.parse(src)
    moved, left = [], []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("T", "Text")):
            continue
        if len(node.args) != 2 or node.keywords:
            continue
        en, zh = node.args
        if _is_str(en) and _is_str(zh):
            moved.append((node, en.value, zh.value))
        else:
            left.append(node.lineno)
    return src, moved, left


def main(argv: list[str]) -> int:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    targets = [Path(a) for a in argv] or [ROOT / "pos_doctor"]
    files = sorted({f for t in targets for f in ([t] if t.is_file() else t.rglob("*.py")) if f.name not in SKIP
                    and not f.name.endswith("_static.py")})
    found = {f: sites(f) for f in files}
    seen: dict[str, set[str]] = defaultdict(set)
    for src, moved, _ in found.values():
        for _, en, zh in moved:
            seen[en].add(zh)
    if PO.exists():
        with open(PO, "rb") as fh:
            cat = read_po(fh)
        for m in cat:
            if m.id and m.context is None and m.string:
                seen[m.id].add(m.string)
    else:
        cat = Catalog(locale="zh_CN", project="pos-doctor", domain="pos_doctor")
    clashes = {en for en, zhs in seen.items() if len(zhs) > 1}
    for f, (src, moved, left) in found.items():
        rel = f.relative_to(ROOT).as_posix()
        module = rel.removeprefix("pos_doctor/").removesuffix(".py").replace("/", ".")
        lines = src.splitlines(keepends=True)
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line))

        def at(lineno: int, col: int) -> int:
            # ast columns are UTF-8 byte offsets
            line = lines[lineno - 1]
            return offsets[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8"))

        edits = []
        for node, en, zh in moved:
            seg = src[at(node.args[0].lineno, node.args[0].col_offset):at(node.args[0].end_lineno, node.args[0].end_col_offset)]
            context = module if en in clashes else None
            new = f"TC({module!r}, {seg})" if context else f"{node.func.id}({seg})"
            edits.append((at(node.lineno, node.col_offset), at(node.end_lineno, node.end_col_offset), new))
            old = cat.get(en, context=context)
            if old is not None:
                old.locations.append((rel, node.lineno))
            else:
                cat.add(en, string=zh, locations=[(rel, node.lineno)], context=context,
                        flags=("python-brace-format",) if "{" in en else ())
        for start, end, new in sorted(edits, reverse=True):
            src = src[:start] + new + src[end:]
        if edits and any(e[2].startswith("TC(") for e in edits) and "TC" not in src.split("import")[0:50].__str__():
            src = _add_import(src, "TC")
        if edits:
            f.write_text(src, encoding="utf-8")
        for lineno in left:
            print(f"{rel}:{lineno}: not a pair of literals; move by hand")
        if edits:
            print(f"{rel}: {len(edits)} moved", file=sys.stderr)
    PO.parent.mkdir(parents=True, exist_ok=True)
    with open(PO, "wb") as fh:
        write_po(fh, cat, width=120, sort_output=False)
    print(f"{len(clashes)} English texts with two Chinese ones: given their module as context", file=sys.stderr)
    return 0


def _add_import(src: str, name: str) -> str:
    import re

    m = re.search(r"^from pos_doctor\.i18n import ([^\n(]+)$", src, re.M)
    if m and name not in m.group(1).split(", "):
        return src[:m.start(1)] + m.group(1) + f", {name}" + src[m.end(1):]
    if not m:
        m2 = re.search(r"^from __future__ import annotations\n", src, re.M)
        pos = m2.end() if m2 else 0
        return src[:pos] + f"\nfrom pos_doctor.i18n import {name}\n" + src[pos:]
    return src


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
