"""Regular expressions compiled on their first use, not when their module is imported.

Issue 27: a `fix` walk or a `check` imports modules whose patterns only some runs need (a walk that reads no
customer time still imported the time parser's dozen patterns, compiled at import). `lazy(pattern, flags)` keeps the
pattern's text and flags and compiles them the first time a method is called; the text is the same as before, so
what it matches is too. `compiled()` says which holders have been compiled so far (tests hold the deferrals with it).
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

_ALL: list[Lazy] = []


class Lazy:
    __slots__ = ("pattern", "flags", "_rx")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        self._rx: re.Pattern[str] | None = None
        _ALL.append(self)

    def compile(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = re.compile(self.pattern, self.flags)
        return self._rx

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compile().match(text, pos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compile().fullmatch(text)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compile().search(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compile().finditer(text)

    def findall(self, text: str) -> list:
        return self.compile().findall(text)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.compile().sub(repl, text, count)

    def split(self, text: str) -> list[str]:
        return self.compile().split(text)


def lazy(pattern: str, flags: int = 0) -> Lazy:
    return Lazy(pattern, flags)


def compiled() -> list[Lazy]:
    """The holders compiled so far in this process."""
    return [p for p in _ALL if p._rx is not None]
