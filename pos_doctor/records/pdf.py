"""PDF from the HTML report, printed by a headless Chromium (or Chrome / Edge) where one is installed.

Why a browser: the HTML report is already the designed page (print CSS, CJK fonts, the simulated banner repeated
on every page); a second layout engine would drift from it. Where no browser is found, the caller says so and
suggests the HTML report, which any browser prints.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
WINDOWS = (r"C:\Program Files\Google\Chrome\Application\chrome.exe",
           r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
           r"C:\Program Files\Microsoft\Edge\Application\msedge.exe")
TIMEOUT = 90.0


class NoBrowser(Exception):
    pass


def find_browser() -> str | None:
    """$POS_DOCTOR_CHROMIUM, else the first Chromium-family browser on PATH (or at its usual Windows place)."""
    explicit = os.environ.get("POS_DOCTOR_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return next((p for p in WINDOWS if os.name == "nt" and Path(p).is_file()), None)


def headless_args(browser: str, profile: str) -> list[str]:
    return [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            f"--user-data-dir={profile}"]


def html_to_pdf(html_text: str, out: Path, *, browser: str | None = None, timeout: float = TIMEOUT) -> None:
    """Write `out` (PDF). Raises NoBrowser when there is none, RuntimeError when it fails or takes too long."""
    browser = browser or find_browser()
    if browser is None:
        raise NoBrowser()
    with tempfile.TemporaryDirectory(prefix="pos-doctor-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html_text, encoding="utf-8")
        target = Path(tmp) / "report.pdf"
        args = headless_args(browser, str(Path(tmp) / "profile")) + [
            "--no-pdf-header-footer", "--print-to-pdf-no-header", f"--print-to-pdf={target}", page.as_uri()]
        try:
            proc = subprocess.run(args, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{browser} did not finish within {int(timeout)} s") from None
        except OSError as exc:
            raise RuntimeError(f"{browser} could not be started: {exc.strerror or exc}") from None
        if not target.exists() or target.stat().st_size < 100:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"{browser} made no PDF (exit {proc.returncode}: {tail[0][:200]})")
        shutil.copyfile(target, out)
