"""The PC's local clock, pinned for the tests whose answer depends on the hour they run at.

A customer's "14:05" is read against the PC's clock: today's when it is 16:40, yesterday's when it is 00:01. Tests
that build a day's journal at import time and walk a playbook later would otherwise fail for a run that crosses
midnight (or one that starts before 14:05). `pin_local_clock` makes the payments modules that read the local clock see
one fixed moment; UTC stamps (records, transcripts) keep the real clock."""
from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from datetime import date, datetime

import pytest


def pin_local_clock(monkeypatch: pytest.MonkeyPatch, at: datetime) -> None:
    """The payments modules' `datetime.now()` and `date.today()` read `at` (naive, local)."""

    class _At(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return at if tz is None else at.astimezone(tz)

    class _Day(date):
        @classmethod
        def today(cls):  # type: ignore[override]
            return at.date()

    from pos_doctor.payments import customer_input, customer_time, typed

    for module in (customer_input, customer_time, typed):
        monkeypatch.setattr(module, "datetime", _At)
    for module in (customer_time, typed):
        monkeypatch.setattr(module, "date", _Day)


@contextlib.contextmanager
def in_time_zone(tz: str) -> Iterator[None]:
    """The process's local time zone is `tz` (a POSIX TZ string, "CST-8" for China) for the block, then back."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = tz
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture
def utc_local_time():
    """Local time is UTC for one test: for texts that show a local time (a report's "06:20 UTC+00:00")."""
    with in_time_zone("UTC"):
        yield


def away_from_midnight(before_s: int = 30, after_s: int = 240) -> datetime:
    """Wait, if the local clock is within `before_s` before or `after_s` after midnight, until it is `after_s` past it;
    return the local time then. For tests that run the CLI (a process of its own, whose clock cannot be pinned) with
    a simulated journal placed minutes before the PC's clock and a statement or an answer naming today's date: a few
    minutes into a day, "3 minutes ago" is yesterday's, which the product rightly treats as another day."""
    now = datetime.now()
    since = now.hour * 3600 + now.minute * 60 + now.second
    wait = after_s - since if since < after_s else (86400 - since + after_s if since > 86400 - before_s else 0)
    if wait > 0:
        time.sleep(wait)
    return datetime.now()
