"""The checks, in declared order. Each check is a function (ctx) -> CheckResult-ish outcome."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable

from pos_doctor.errors import UsageError
from pos_doctor.i18n import T, Text


@dataclass(frozen=True)
class CheckSpec:
    id: str
    category: str
    title: Text
    func: Callable
    port: str | None = None      # "terminal" / "printer": checks on one port run one at a time
    timeout: float | None = 5.0  # None: bounded only by the run's deadline (the check's own timers end it sooner)
    needs: tuple[str, ...] = ()  # modules the check imports lazily: the runner imports them before any port opens


REGISTRY: list[CheckSpec] = []


def check(id: str, category: str, title: Text, *, port: str | None = None, timeout: float | None = 5.0,
          needs: tuple[str, ...] = ()):
    def deco(func):
        REGISTRY.append(CheckSpec(id, category, title, func, port, timeout, needs))
        return func
    return deco


def title_of(cid: str) -> Text:
    """The check's short name, in both languages (what the cashier's table shows instead of the id)."""
    spec = next((s for s in all_checks() if s.id == cid), None)
    return spec.title if spec is not None else T("{value}", value=cid)


def see(cid: str, what: Text | None = None) -> Text:
    """'<what> — see "<short name>"': a finding another check reports in its own words points there."""
    t = title_of(cid)
    if what is None:
        return T("see “{title}”", title=t)
    return T("{what}; see “{title}”", what=trimmed(what), title=t)


def trimmed(text: Text) -> Text:
    """The message said without its closing full stop (the sentence goes on after it)."""
    return _Trimmed(text)


class _Trimmed(Text):
    """A message said without its closing full stop (it goes on after a semicolon)."""

    __slots__ = ()

    def __init__(self, text: Text) -> None:
        super().__init__(text.id, context=text.context, plural=text.plural, params=text.params, inline=text.inline)

    def __call__(self, lang: str) -> str:
        return super().__call__(lang).rstrip(" .;。；，")


def all_checks() -> list[CheckSpec]:
    # Importing the families registers them; order of import is the declared order.
    from pos_doctor.checks import (  # noqa: F401
        host,
        printer,
        terminal,
        terminal_link,
        terminal_network,
        terminal_power,
        terminal_printer,
        terminal_software,
    )

    order = {cid: i for i, cid in enumerate(DECLARED_ORDER)}
    return sorted(REGISTRY, key=lambda s: order.get(s.id, len(order)))


DECLARED_ORDER = [
    "link.terminal", "link.printer", "terminal.status", "terminal.clock", "terminal.journal", "software.terminal",
    "network.interfaces", "network.dns", "network.acquirer", "network.terminal",
    "printer.receipt", "printer.terminal", "power.terminal", "power.host",
]


def select(specs: list[CheckSpec], only: list[str] | None, skip: list[str] | None) -> list[CheckSpec]:
    """--only/--skip by id or category; an unknown name is a usage error with a did-you-mean."""
    ids = [s.id for s in specs]
    cats = sorted({s.category for s in specs})

    def match(name: str) -> set[str]:
        if name in ids:
            return {name}
        if name in cats:
            return {s.id for s in specs if s.category == name}
        close = difflib.get_close_matches(name, ids + cats, n=1)
        valid, categories = ", ".join(ids), ", ".join(cats)
        if close:
            msg = T("unknown check {name!r}. Did you mean {close!r}? Valid: {valid}; categories: {categories}",
                    name=name, close=close[0], valid=valid, categories=categories)
        else:
            msg = T("unknown check {name!r}. Valid: {valid}; categories: {categories}", name=name, valid=valid,
                    categories=categories)
        raise UsageError(msg, hint=T("run `pos-doctor checks` to list them."))

    chosen = set(ids)
    if only:
        chosen = set().union(*(match(n) for n in only))
    for n in skip or []:
        chosen -= match(n)
    return [s for s in specs if s.id in chosen]
