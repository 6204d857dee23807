"""The evidence a payment provider gets: a real `fix` walked through the CLI (answers file, simulated terminal on a
pty), then `pos-doctor report latest` in md, json, html and pdf. The HTML and the PDF are rendered by headless
Chromium; screenshots of both are kept under the pytest tmp dir (set POS_DOCTOR_KEEP_SCREENSHOT=DIR to copy them)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.cli.test_fix import NOW, at_run_time, run

TOML = """\
[shop]
name = "Bäckerei Sonnenschein"
merchant_id = "M-4711"
address = "Hauptstr. 5, 10115 Berlin"

[support]
provider = "PayCo Hotline"
phone = "+49 30 1234567"
hours = "Mo-Sa 8-20"
"""
# The customer's bank app shows 99.00 a minute ago; the terminal's payment then is 12.50: a mismatch. The person
# skips the "keep the evidence" instruction, so it must be listed as skipped, never as done.
ANSWERS = {"card-or-qr": "card", "record-customer-amount": "99.00", "record-customer-time": NOW,
           "mismatch-keep-evidence": "skip"}


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("evidence")
    (tmp / "pos-doctor.toml").write_text(TOML, encoding="utf-8")
    p = run(tmp, "fix", "dropped-transaction", "--simulate", "dropped-transaction", "--note", "customer waits",
            answers=at_run_time(ANSWERS))
    assert p.returncode == 2, p.stderr
    return tmp, p


def test_fix_ends_with_the_run_id_and_whom_to_call(walked):
    _, p = walked
    m = re.search(r"Saved as run (\d+) — `pos-doctor report \1`", p.stderr)
    assert m, p.stderr
    assert f"Call PayCo Hotline at +49 30 1234567 (Mo-Sa 8-20), give them run {m.group(1)} and the facts above." in p.stdout
    tried = p.stdout.split("Tried:")[1]
    assert "Skipped (not done):\n    1. The terminal's records and the customer's record do not agree: skipped" in tried
    assert "do not agree" not in tried.split("Skipped")[0]  # a skipped step is never "tried"


def test_report_latest_md_states_the_dispute_shop_and_banner(walked):
    tmp, _ = walked
    md = run(tmp, "report", "latest").stdout
    assert md.startswith("> **SIMULATED — a simulated terminal and printer, not a real payment**")
    assert md.rstrip().endswith("> **SIMULATED — a simulated terminal and printer, not a real payment**")
    assert "Bäckerei Sonnenschein" in md and "Merchant ID M-4711" in md
    assert "PayCo Hotline · Phone +49 30 1234567" in md
    assert "**The customer's evidence and the terminal's record differ**" in md
    assert "| Amount | **99.00** ⚠ | **12.50 EUR** ⚠ |" in md
    assert "Amounts differ: the customer shows 99.00, the terminal recorded 12.50." in md
    assert ("- **Asked of the provider**: Check in your records what was charged to the customer's card: the customer "
            "shows 99.00, the terminal recorded 12.50.") in md
    assert re.search(r"- \*\*When\*\*: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC[+-]\d\d:\d\d", md)
    assert "Failures per check" not in md and "4 weeks" not in md
    zh = run(tmp, "report", "latest", "--lang", "zh").stdout
    assert zh.startswith("> **模拟") and "金额不一致：客人出示 99.00，POS机记录 12.50。" in zh
    assert "已跳过（未执行）" in zh and "POS机记录和客人的记录对不上：已跳过" in zh


def test_report_latest_json_and_kind(walked):
    tmp, p = walked
    run_id = int(re.search(r"run (\d+)", p.stderr).group(1))
    model = json.loads(run(tmp, "report", "latest", "--kind", "fix", "--format", "json").stdout)
    assert model["run_id"] == run_id and model["simulated"] is True
    pay = model["summary"]["payment"]
    assert pay["verdict"] == "mismatch" and pay["differences"][0]["field"] == "amount"
    assert [i["step"] for i in model["summary"]["tried"]["skipped"]] == ["mismatch-keep-evidence"]
    assert model["summary"]["shop"]["name"] == "Bäckerei Sonnenschein"
    assert model["summary"]["support"]["phone"] == "+49 30 1234567"  # the shop's own hotline is not "masked"
    r = run(tmp, "report", "latest", "--kind", "check")
    assert r.returncode == 3 and "no recorded check run yet" in r.stderr and "Traceback" not in r.stderr


def _chromium() -> str | None:
    return next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)


def _keep(path):
    keep = os.environ.get("POS_DOCTOR_KEEP_SCREENSHOT")
    if keep and os.path.isdir(keep):
        shutil.copy(path, keep)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_report_in_headless_chromium(walked, tmp_path, lang):
    browser = _chromium()
    if not browser:
        pytest.skip("no chromium binary (CI installs it with `apt-get install -y chromium`)")
    tmp, _ = walked
    page = tmp_path / f"report-{lang}.html"
    assert run(tmp, "report", "latest", "--format", "html", "-o", str(page), "--lang", lang).returncode == 0
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'prof'}"]
    dom = subprocess.run(args + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90).stdout
    banner = "SIMULATED" if lang == "en" else "模拟"
    assert banner in dom and "Bäckerei Sonnenschein" in dom and "+49 30 1234567" in dom
    assert 'class="diff"' in dom and "99.00" in dom and "12.50 EUR" in dom
    shot = tmp_path / f"report-{lang}.png"
    subprocess.run(args + [f"--screenshot={shot}", "--window-size=1000,1300", page.as_uri()], capture_output=True, timeout=90)
    assert shot.exists() and shot.stat().st_size > 10_000
    _keep(shot)


def test_pdf_report_made_by_chromium_has_the_banner_on_every_page(walked, tmp_path):
    if not _chromium():
        pytest.skip("no chromium binary (CI installs it with `apt-get install -y chromium`)")
    pdfium = pytest.importorskip("pypdfium2")
    tmp, _ = walked
    out = tmp_path / "report.pdf"
    r = run(tmp, "report", "latest", "--format", "pdf", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    pdf = pdfium.PdfDocument(str(out))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(texts) >= 2  # the details run onto a second page: the banner must follow
    assert all("SIMULATED" in t for t in texts)
    assert "Amounts differ" in texts[0] and "PayCo Hotline" in texts[0]
    assert "6725000000000000019" not in "".join(texts)
    shot = tmp_path / "report-pdf-page1.png"
    pdf[0].render(scale=1.3).to_pil().save(shot)
    assert shot.stat().st_size > 10_000
    _keep(shot)


def test_pdf_without_a_browser_says_what_to_do(walked, tmp_path):
    tmp, _ = walked
    r = run(tmp, "report", "latest", "--format", "pdf", "-o", str(tmp_path / "x.pdf"),
            env={"POS_DOCTOR_CHROMIUM": str(tmp_path / "no-such-browser")})
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert "a PDF needs Chromium, Chrome or Edge" in r.stderr and "--format html" in r.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_run_id_in_every_machine_output(tmp_path):
    ids = set()
    j = json.loads(run(tmp_path, "check", "--simulate", "paper-out", "--json").stdout)
    ids.add(j["run_id"])
    assert isinstance(j["run_id"], int)
    nag = run(tmp_path, "check", "--simulate", "paper-out", "--format", "nagios").stdout
    ids.add(int(re.search(r"^Run (\d+): pos-doctor report \1$", nag, re.M).group(1)))  # long output, not the status line
    ju = run(tmp_path, "check", "--simulate", "paper-out", "--format", "junit").stdout
    ids.add(int(re.search(r'<property name="run_id" value="(\d+)"/>', ju).group(1)))
    pr = run(tmp_path, "check", "--simulate", "paper-out", "--format", "prometheus").stdout
    ids.add(int(re.search(r"^pos_doctor_last_run_id (\d+)$", pr, re.M).group(1)))
    fx = run(tmp_path, "fix", "printer-paper", "--simulate", "paper-out", "--yes", "--json")
    ids.add(json.loads(fx.stdout)["run_id"])
    assert ids == {1, 2, 3, 4, 5}
    assert "Saved as run 5 — `pos-doctor report 5`" in fx.stderr
    off = run(tmp_path, "check", "--simulate", "paper-out", "--json", "--no-record")
    assert json.loads(off.stdout)["run_id"] is None and off.stderr == ""  # machine formats: stderr only when asked
    off = run(tmp_path, "check", "--simulate", "paper-out", "--json", "--no-record", "-v")
    assert json.loads(off.stdout)["run_id"] is None and "Not recorded" in off.stderr


def test_next_step_repeats_the_device_options(tmp_path):
    p = run(tmp_path, "check", "--simulate", "paper-out", "--lang", "en")
    assert "Next step: pos-doctor fix printer-paper --simulate paper-out --lang en" in p.stdout


def test_check_report_names_the_problems_in_the_summary(tmp_path):
    assert run(tmp_path, "check", "--simulate", "paper-out").returncode == 2
    zh = run(tmp_path, "report", "latest", "--kind", "check", "--lang", "zh").stdout
    summary = zh.split("## 详细信息")[0]
    assert "- **发现的问题**：" in summary and "严重 — 打印机缺纸" in summary
    assert "**: " not in summary  # labels take the full-width colon next to Chinese
