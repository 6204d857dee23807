"""Run the test suite with the local clock's midnight a given number of seconds after the start.

A test that reads "today" once (at import, in a fixture) and the product's clock later fails only in a run that
crosses midnight: in CI at 00:00, never at a developer's desk. This moves midnight to where it is wanted, through
the time zone (a POSIX TZ string offset by the seconds since UTC midnight): the suite, every worker and every CLI it
starts see the same shifted local clock; UTC stamps are unchanged. POSIX only.

    python tools/across_midnight.py                 # midnight 60 s in, the README's test command
    python tools/across_midnight.py --in 150 tests/playbooks -n 0
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time


def tz_with_midnight_in(seconds: int, now: float | None = None) -> str:
    """A TZ string whose local time is `seconds` before midnight at the moment `now` (UTC seconds)."""
    off = (int(time.time() if now is None else now) % 86400 + seconds) % 86400  # local = UTC - off
    return f"XXX{off // 3600}:{off % 3600 // 60:02d}:{off % 60:02d}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--in", dest="seconds", type=int, default=60, help="seconds from now to local midnight")
    args, pytest_args = ap.parse_known_args(argv)
    env = dict(os.environ, TZ=tz_with_midnight_in(args.seconds))
    print(f"TZ={env['TZ']}: local midnight in {args.seconds} s", file=sys.stderr)
    return subprocess.call([sys.executable, "-m", "pytest", *pytest_args], env=env)


if __name__ == "__main__":
    sys.exit(main())
