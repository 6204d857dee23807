"""The screens a person reads, in any language: the check table of every simulator scenario and every shipped
playbook walked with `fix --yes` (the walks of tests/cli/test_fix.py), run through the CLI once per language and
module; the language lints (zhlint, langlint) judge them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pos_doctor.simulator.scenario import list_scenarios

SCENARIOS = sorted(name for name, _ in list_scenarios())
PLAYBOOKS_DIR = Path(__file__).resolve().parents[2] / "playbooks"
FAST_LINE = ("--baud", "115200", "--printer-baud", "115200")  # the words are the point here, not the line speed

# what a person at the till types into the text fields of those walks, in their language
TYPED = {"zh": {"called back": "已回电"}, "de": {"called back": "zurückgerufen"}}


def walks(lang: str) -> dict[str, tuple]:
    """One walk per shipped playbook, on a shipped scenario: playbook id -> (scenario, answers)."""
    import tests.cli.test_fix as f

    typed = TYPED.get(lang, {})
    seen: dict[str, tuple] = {}
    for pid, sc, answers, *_ in f.CASES:
        if isinstance(sc, str) and pid not in seen:
            seen[pid] = (sc, {k: typed.get(v, v) if isinstance(v, str) else v for k, v in answers.items()})
    for path in sorted(PLAYBOOKS_DIR.glob("*.yaml")):  # a playbook test_fix.py does not walk: as far as --yes goes
        seen.setdefault(path.stem, ("healthy", {}))
    return seen


def _at_run_time(answers: dict) -> dict:
    import tests.cli.test_fix as f

    return f.at_run_time(answers) if hasattr(f, "at_run_time") else answers


def run(job: tuple) -> tuple:
    key, args, answers, tmp, lang, extra_env = job
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp / "data"), NO_COLOR="1", CI="1",
               COLUMNS="160")
    if lang:
        env["POS_DOCTOR_LANG"] = lang
    env.update(extra_env)
    argv = list(args)
    if answers:
        path = tmp / "answers.yaml"
        lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in _at_run_time(answers).items()]
        path.write_text("".join(lines), encoding="utf-8")
        argv += ["--answers", str(path)]
    p = subprocess.run([sys.executable, "-m", "pos_doctor", *argv, "--no-record"], cwd=tmp, env=env,
                       capture_output=True, text=True, encoding="utf-8", timeout=240, stdin=subprocess.DEVNULL)
    return key, p


def all_screens(tmp_path_factory, lang: str, *, extra_env: dict | None = None, fix_args: tuple = ()) -> dict:
    """{("check", scenario): CompletedProcess, ("fix", playbook): CompletedProcess} in `lang`."""
    extra = dict(extra_env or {})
    jobs = [(("check", sc), ["check", "--simulate", sc, *FAST_LINE], None, tmp_path_factory.mktemp("c"), lang, extra)
            for sc in SCENARIOS]
    jobs += [(("fix", pid), ["fix", pid, "--simulate", sc, "--yes", *FAST_LINE, *fix_args], answers,
              tmp_path_factory.mktemp("f"), lang, extra) for pid, (sc, answers) in walks(lang).items()]
    with ThreadPoolExecutor(3) as pool:
        return dict(pool.map(run, jobs))


def shown(p) -> str:
    """What the person saw: stdout and stderr, after checking the run did not crash."""
    assert "Traceback" not in p.stderr, p.stderr
    return p.stdout + "\n" + p.stderr


def tail(p) -> str:
    return "\n---\n" + p.stdout[-4000:] + p.stderr[-2000:]

