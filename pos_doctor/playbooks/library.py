"""All playbooks pos-doctor knows: the shipped ones, then each directory named by configuration (`playbooks.dirs`)
or `--playbooks DIR`. A technician's playbook with the same id overrides the shipped one; the override is shown
by `playbooks list`. Files are found by name (<id>.yaml) and parsed when first needed, so one broken file in a
technician's directory does not stop `fix` on another playbook — `playbooks validate` reports it.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pos_doctor.errors import Problem, UsageError, UserFileError, Where, problem
from pos_doctor.i18n import TN, T
from pos_doctor.playbooks.loader import KIND, load_playbook
from pos_doctor.playbooks.model import CUSTOMER_FIELDS, Include, Playbook, Reconcile

# The situations of the source documents, in the order a cashier meets them; the menu of `fix` lists them first.
SITUATION_ORDER = ("charged-no-response", "dropped-transaction", "no-receipt-charged", "funds-not-arrived",
                   "card-payment-problem")


@dataclass
class Library:
    files: dict[str, Path] = field(default_factory=dict)       # id -> file
    overrides: dict[str, Path] = field(default_factory=dict)   # id -> shipped file it replaces
    shipped: set[str] = field(default_factory=set)
    _cache: dict[str, Playbook] = field(default_factory=dict)

    @classmethod
    def load(cls, dirs: Sequence[str | Path] = ()) -> "Library":
        from pos_doctor.resources import shipped_playbooks_dir

        lib = cls()
        for path in sorted(shipped_playbooks_dir().glob("*.yaml")):
            lib.files[path.stem] = path
            lib.shipped.add(path.stem)
        for d in dirs:
            p = Path(str(d)).expanduser()
            if not p.is_dir():
                what = (problem("is a file; expected a directory of playbooks") if p.exists()
                        else problem("playbooks directory not found"))
                raise UserFileError("configuration", [(Where(str(p)), what)],
                                    hint=T("fix playbooks.dirs in pos-doctor.toml, or the --playbooks option"))
            for path in sorted([*p.glob("*.yaml"), *p.glob("*.yml")]):
                if path.stem in lib.shipped and path.stem not in lib.overrides:
                    lib.overrides[path.stem] = lib.files[path.stem]
                lib.files[path.stem] = path
        return lib

    def ids(self) -> list[str]:
        return sorted(self.files)

    def get(self, pid: str) -> Playbook:
        if pid not in self._cache:
            if pid not in self.files:
                close = difflib.get_close_matches(pid, self.ids(), n=1)
                known = ", ".join(self.ids())
                raise UsageError(
                    T("no playbook {pid!r}. Did you mean {close!r}? Known: {known}", pid=pid, close=close[0],
                      known=known)
                    if close else T("no playbook {pid!r}. Known: {known}", pid=pid, known=known),
                    hint=T("run `pos-doctor playbooks list`"))
            pb = load_playbook(self.files[pid], shipped=pid in self.shipped and pid not in self.overrides)
            self._cache[pid] = pb
            self._check_includes(pb)
        return self._cache[pid]

    def _check_includes(self, pb: Playbook, stack: tuple[str, ...] = ()) -> None:
        """Included playbooks exist, load, and never include their way back (a cycle)."""
        from pos_doctor.yamlfile import load_yaml_file

        for i, s in enumerate(pb.steps):
            if not isinstance(s, Include):
                continue
            if s.playbook not in self.files or s.playbook in stack + (pb.id,):
                where_doc = load_yaml_file(pb.source, KIND)  # to name the include's line
            if s.playbook not in self.files:
                close = difflib.get_close_matches(s.playbook, self.ids(), n=1)
                what = (problem("no playbook '{id}'; did you mean '{close}'?", id=s.playbook, close=close[0]) if close
                        else problem("no playbook '{id}'", id=s.playbook))
                raise UserFileError(KIND, [(where_doc.where(("steps", i, "playbook")), what)])
            if s.playbook in stack + (pb.id,):
                chain = " → ".join(stack + (pb.id, s.playbook))
                raise UserFileError(KIND, [(where_doc.where(("steps", i, "playbook")),
                                            problem("include cycle: {chain}", chain=chain))])
            child = self._cache.get(s.playbook) or load_playbook(
                self.files[s.playbook], shipped=s.playbook in self.shipped and s.playbook not in self.overrides)
            self._cache.setdefault(s.playbook, child)
            money = [c.id for c in child.steps if isinstance(c, Reconcile) or c.field in CUSTOMER_FIELDS]
            if money:  # the including playbook's verdict must stand across the include (loader.verdict_flow)
                raise UserFileError(KIND, [(load_yaml_file(pb.source, KIND).where(("steps", i, "playbook")),
                                            Problem(TN("playbook '{id}' reconciles or records the customer's "
                                                       "evidence (step {steps}); it cannot be included — start it on "
                                                       "its own",
                                                       "playbook '{id}' reconciles or records the customer's "
                                                       "evidence (steps {steps}); it cannot be included — start it "
                                                       "on its own", len(money), id=s.playbook,
                                                       steps=", ".join(money))))])
            self._check_includes(child, stack + (pb.id,))

    def all(self) -> list[Playbook]:
        return [self.get(pid) for pid in self.ids()]

    def situations(self) -> list[Playbook]:
        found = [pb for pb in self.all() if pb.situation]
        order = {pid: i for i, pid in enumerate(SITUATION_ORDER)}
        return sorted(found, key=lambda pb: (order.get(pb.id, len(order)), pb.id))

    def for_check(self, check_id: str) -> list[Playbook]:
        return [pb for pb in self.all() if check_id in pb.recommended_by and not pb.situation]


def validate_paths(paths: Sequence[str | Path],
                   extra_dirs: Sequence[str | Path] = ()) -> tuple[list[str], list[UserFileError]]:
    """Validate files and directories (all *.yaml inside); includes resolve against the shipped playbooks, the
    configured directories and the given files. Returns (ok ids, errors) — every file is tried."""
    files: list[Path] = []
    for p in paths:
        path = Path(str(p))
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(T("{p}: no such file or directory", p=p),
                             hint=T("check the path; give playbook files (.yaml) or directories that hold them"))
    lib = Library.load(extra_dirs)
    for f in files:
        lib.files[f.stem] = f
        lib.shipped.discard(f.stem)
    ok, errors = [], []
    for f in files:
        try:
            lib._cache.pop(f.stem, None)
            lib.get(f.stem)
            ok.append(str(f))
        except UserFileError as exc:
            errors.append(exc)
    return ok, errors
