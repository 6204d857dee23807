"""After a fix step the wizard says what was actually checked again: a skipped check passed nothing."""

import os
import subprocess
import sys

import pytest


def loaded(tmp_path) -> list[str]:
    """The person loaded the paper (an answer they gave, not --yes: a --yes walk is never "fixed and verified")."""
    path = tmp_path / "answers.yaml"
    path.write_text("open-and-load: done\n", encoding="utf-8")
    return ["--answers", str(path)]


def run(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=90)


@pytest.mark.parametrize("lang, none, ok", [
    ("zh", "已重新检查，但没有任何一项能检查：全部被跳过", "已重新检查：以上各项已正常"),
    ("en", "Checked again, but nothing could be checked: every check was skipped", "these checks pass now"),
])
def test_nothing_configured_is_not_reported_as_fixed(tmp_path, lang, none, ok):
    p = run(tmp_path, "fix", "printer-paper", "--yes", "--no-record", "--lang", lang)
    assert none in p.stdout, p.stdout + p.stderr
    assert ok not in p.stdout


def test_names_what_was_checked(tmp_path):
    p = run(tmp_path, "fix", "printer-paper", "--yes", "--no-record", "--lang", "zh", "--simulate", "paper-out",
            *loaded(tmp_path))
    out = p.stdout
    # paper-out heals after its second status query: the verify after step 1 (the second) still finds it out and
    # names both printers it checked; the recovery's re-check and the last check find them ready
    verify = out[out.index("检查这一步是否有效："):out.index("已重新检查：问题仍在。")]
    assert "✗ 小票打印机  打印机缺纸" in verify and "✓ POS机打印机  POS机打印机就绪" in verify, out
    last = out[out.index("最后检查："):]
    assert "✓ 小票打印机  打印机就绪" in last and "✓ POS机打印机  POS机打印机就绪" in last, out
    assert "已解决，检查确认无误。" in last and p.returncode == 0, p.stderr[-2000:]
    assert "printer.receipt" not in out  # staff see short names, not ids


def test_a_verify_that_passes_names_the_checks_now_ok(tmp_path):
    sc = tmp_path / "heals.yaml"  # out of paper at the first status query only: the verify after step 1 finds it loaded
    sc.write_text("spec: 1\nname: heals\ndescription: {en: a, zh: b}\nprinter: {paper: out, heal_after: 1}\n",
                  encoding="utf-8")
    for lang, said in (("zh", "已重新检查，现已正常：小票打印机、POS机打印机。"),
                       ("en", "Checked again, now OK: Receipt printer, Terminal printer.")):
        p = run(tmp_path, "fix", "printer-paper", "--yes", "--no-record", "--lang", lang, "--simulate", str(sc),
                *loaded(tmp_path))
        assert said in p.stdout and p.returncode == 0, p.stdout + p.stderr[-2000:]
