"""Shared by the robustness tests: one CLI run as a failure message can show it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Run:
    args: list[str]
    code: int | None
    out: str
    err: str
    seconds: float

    def __str__(self) -> str:  # what a failure shows: the command and the end of its output
        return f"pos-doctor {' '.join(self.args)} -> {self.code} in {self.seconds:.1f} s\nstdout:\n{self.out[-1500:]}\nstderr:\n{self.err[-2500:]}"
