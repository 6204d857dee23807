"""Remove from the catalogs (zh_CN, de; not click.po/help.po) every message the code no longer says — the rule of
tests/i18n/test_catalogs.py::test_no_catalog_keeps_a_message_the_code_no_longer_says — and every message a file
repeats from a file before it (by name): the merged catalog keeps the first (pos_doctor/catalogs.py), so a later
copy is never read and only misleads whoever edits it (test_no_message_is_in_two_files).

    python tools/i18n_prune.py          # prints what it removed
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from babel.messages.pofile import read_po, write_po

    from tests.i18n.test_catalogs import LOCALES, NOT_FROM_CODE, PACKAGE, code_messages, code_strings

    used, _ = code_messages()
    literals = code_strings()
    for locale in LOCALES:
        earlier: set[tuple] = set()
        for po in sorted((PACKAGE / "locale" / locale / "LC_MESSAGES").glob("*.po")):
            with open(po, "rb") as fh:
                cat = read_po(fh)
            def key(m) -> tuple:
                return m.context, m.id if isinstance(m.id, str) else m.id[0]

            here = [m for m in cat if m.id]
            gone = [m for m in here if key(m) in earlier]
            if po.name not in NOT_FROM_CODE:
                gone += [m for m in here if key(m) not in used and key(m)[1] not in literals and m not in gone]
            earlier |= {key(m) for m in here}
            for m in gone:
                cat.delete(m.id, context=m.context)
                print(f"{po.relative_to(ROOT)}: {m.id!r}")
            if gone:
                with open(po, "wb") as fh:
                    write_po(fh, cat, width=120)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
