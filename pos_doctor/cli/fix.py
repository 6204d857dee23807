"""`pos-doctor fix [ID]`: the guided fix. Chooses a playbook (the id, the menu, or the checks' recommendation),
opens the devices once, and lets the engine walk it with the person, the answers file, or both.

Exit codes: 0 resolved and verified, 1 resolved but not verified, 2 not resolved or escalated, 3 could not run
(bad arguments or files, a missing answer in a non-interactive run), 130 stopped (progress saved: --resume).
Without an id, when the checks walk no playbook: 0 if they all pass; 2 if they found problems no playbook covers
(or the person declined the fix) — nothing was fixed; 3 if they could only say "unknown".
"""

from __future__ import annotations

import json
from typing import Optional

import typer

from pos_doctor.cli.device_options import (DeviceOptions, Lang, NoColor, NoRecord, Note, build_options, device_command,
                                             device_config, progress_printer)
from pos_doctor.errors import ExitCode, UsageError
from pos_doctor.i18n import Text

app = typer.Typer(add_completion=False)

CHECK_FIRST = "check"
MENU_TITLE = Text("What is happening at the till?", "收银台出了什么情况？")
CHECK_FIRST_LABEL = Text("Not sure — check the devices first", "不确定——先检查设备")
ALL_OK = Text("All checks pass: the devices look fine.", "所有检查都通过：设备看起来正常。")
NOTHING = Text("Nothing to fix. If a payment went wrong, run `pos-doctor fix` and choose what happened.",
               "没有需要处理的问题。如果某笔支付有问题，请运行 `pos-doctor fix` 并选择具体情况。")
NO_PLAYBOOK = Text("No guided fix matches these problems; follow the hints above.", "这些问题没有对应的处理流程；请按上面的提示处理。")
PICK_ANYWAY = Text("If a payment went wrong anyway, what happened?", "如果仍有支付出了问题，是哪种情况？")
START = Text("Start the guided fix: {title}?", "开始处理：{title}？")
SAVED = Text("Stopped. Your progress is saved; continue with: pos-doctor fix --resume",
             "已停止。进度已保存；继续请运行：pos-doctor fix --resume")
OUTCOME = {
    0: Text("Fixed, and the checks confirm it.", "已解决，检查确认无误。"),
    1: Text("Marked as fixed, but the checks could not confirm it. Keep an eye on it.", "已标记为解决，但检查未能确认。请继续留意。"),
    2: Text("Not fixed yet: follow the contact advice above.", "尚未解决：请按上面的联系建议处理。"),
}

BY_YES = Text("Not marked as fixed: the steps that need someone's hands were not done by a person (answered by --yes). "
              "Have someone do them before you rely on this.",
              "不算已解决：需要动手的步骤并非有人操作（由 --yes 自动回答）。请先让人实际做完这些步骤，再认为问题已解决。")


@app.command(help="Guided fix, step by step: pick what happened, or let the checks choose. 按步骤引导处理故障。")
@device_command("fix")
def fix(
    playbook_id: Optional[str] = typer.Argument(None, metavar="[ID]", help="Playbook id (see `pos-doctor playbooks list`)."),
    opts: DeviceOptions = DeviceOptions(),  # the device options, declared in cli/device_options.py
    answers: Optional[str] = typer.Option(None, "--answers", metavar="FILE", help="Answers in advance: step id → answer (YAML)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Take the suggested answer wherever there is one."),
    resume: bool = typer.Option(False, "--resume", help="Continue a stopped walk (ID: its number or playbook id)."),
    discard: bool = typer.Option(False, "--discard", help="Discard a stopped walk (ID: its number or playbook id)."),
    playbooks: list[str] = typer.Option([], "--playbooks", metavar="DIR", help="Extra playbook directory (repeatable)."),
    json_out: bool = typer.Option(False, "--json", help="Print the whole transcript as one JSON document."),
    lang: Lang = None,
    no_color: NoColor = False,
    note: Note = None,
    no_record: NoRecord = False,
) -> None:
    from pos_doctor.ui.console import Env

    device = opts.device()
    cfg = device_config(**{k: v for k, v in device.items() if k != "simulate"}, lang=lang or _root_lang(),
                        playbook_dirs=playbooks)
    env = Env.create(cfg.get("language"), no_color=no_color)
    stopped = None
    if resume or discard or (playbook_id is None and not answers):
        from pos_doctor.cli import fix_resume
        from pos_doctor.playbooks.library import Library

        lib = Library.load(cfg.get("playbooks.dirs") or [])
        if resume and discard:
            raise UsageError("--resume or --discard, not both", message_zh="--resume 和 --discard 只能选一个")
        if resume or discard:
            stopped = fix_resume.choose(env, cfg, lib, playbook_id, discard=discard)
            playbook_id = None
            if discard:
                fix_resume.discard(env, lib, stopped)
                raise typer.Exit(0)
        else:
            stopped = fix_resume.offer(env, cfg, lib)
    if stopped is not None:  # the stopped walk's devices, language and note, unless given again now
        doc = stopped.doc
        device = {**doc.get("device", {}), **device}
        lang = lang or doc.get("lang")
        note = note if note is not None else doc.get("note")
        cfg = device_config(**{k: v for k, v in device.items() if k != "simulate"}, lang=lang,
                            playbook_dirs=playbooks)
        env = Env.create(cfg.get("language"), no_color=no_color)
    code = run_fix(env, cfg, device, playbook_id=playbook_id, answers=answers, yes=yes, resume=stopped,
                   json_out=json_out, note=note, no_record=no_record, lang_flag=lang)
    raise typer.Exit(code)


DEFAULT_BUDGET_RUNS = 3  # fix without --timeout: all its device work within three run deadlines


def _device_time(session) -> dict:
    """What the run itself measured of its device work: the time spent on ports and the budget it had."""
    return {"device_s": round(session.spent, 3),
            "device_budget_s": None if session.budget is None else round(float(session.budget), 3)}


def run_fix(env, cfg, device: dict, *, playbook_id: str | None = None, answers: str | None = None, yes: bool = False,
            resume=None, json_out: bool = False, note: str | None = None, no_record: bool = False,
            report=None, lang_flag: str | None = None) -> int:
    """`resume`: a stopped walk (playbooks.saved.Stopped) to continue."""
    from pos_doctor.checks.session import open_session
    from pos_doctor.playbooks import saved
    from pos_doctor.playbooks.answers import AnswersFile
    from pos_doctor.playbooks.engine import WalkState
    from pos_doctor.playbooks.library import Library
    from pos_doctor.ui.wizard import WizardUI

    interactive = env.interactive
    if interactive:
        _take_ctrl_c(env)
    ui = WizardUI(env, to_stderr=json_out)
    lib = Library.load(cfg.get("playbooks.dirs") or [])
    answers_file = AnswersFile.load(answers)
    store = resume.path if resume is not None else None
    state = None
    if resume is not None:
        from pos_doctor.cli.fix_resume import recap

        from pos_doctor.playbooks.engine import distrust_saved

        doc = resume.doc
        saved.check_steps(resume.path, doc, lib)  # a step that does not exist: one screen, the file, --discard
        state = WalkState.from_json(doc["state"])
        device = {**doc.get("device", {}), **device}
        lib.get(state.playbook)
        # nothing in the file is trusted for money: the verdict is recomputed from the stored evidence and answers,
        # and a money step reads the terminal and reconciles again first (payments/binding.py)
        distrust_saved(lib, state, tolerance_s=cfg.get("payment.tolerance_s"))
        recap(ui, env, lib, {**doc, "state": state.to_json()})
    elif playbook_id:
        lib.get(playbook_id)  # an unknown id or a broken file fails before any port is opened
    if not resume and playbook_id is None:
        playbook_id = _choose_from_menu(lib, ui, answers_file, yes=yes, interactive=interactive)
    options = build_options(cfg, simulate=device.get("simulate"))
    progress, on_event, clear = progress_printer(env)
    with open_session(options, on_progress=progress, on_event=on_event) as session:
        # --timeout bounds all the walk's device work, not each round; without it the walk still has an overall
        # device budget (DEFAULT_BUDGET_RUNS x timeouts.run, 30 s by default): a terminal that sends 04 FF forever
        # cannot hold the till for one deadline per round (docs/usage.md)
        session.budget = device.get("timeout") or DEFAULT_BUDGET_RUNS * float(cfg.get("timeouts.run"))
        first_checks: list[dict] = []
        if playbook_id == CHECK_FIRST:
            first = session.run()
            clear()
            first_checks = _rows(first.checks)
            playbook_id = _after_checks(first, lib, ui, env, yes=yes, interactive=interactive)
            if playbook_id is None:
                # fix's codes, not check's: a warning left as it was is "not fixed" (2), not "fixed, unverified" (1)
                code = (ExitCode.OK if first.status in ("ok", "skipped") else
                        ExitCode.UNKNOWN if first.status == "unknown" else ExitCode.CRITICAL)
                from pos_doctor.cli.suggest import saved_line
                from pos_doctor.records.recorder import record_run, recording_enabled

                nothing = _no_walk(first, first_checks, dict(session.target), code)
                nothing["timing"].update(_device_time(session))
                nothing["run_id"] = record_run("fix", nothing, config=cfg, note=note, no_record=no_record, lang=env.lang)
                if json_out:  # --json promises one document on stdout, also when there was nothing to walk
                    env.write(json.dumps(nothing, ensure_ascii=False, indent=2, default=str))
                line = saved_line(nothing["run_id"], recording_enabled(cfg, no_record=no_record))
                if line is not None:
                    print(env.t(line), file=env.stderr)
                return code
        if state is None:
            store = saved.new_path(cfg, playbook_id)
            state = WalkState(playbook=playbook_id)
            state.checks.update({c["id"]: c for c in first_checks})
            _check_answers(lib, answers_file, playbook_id)
            pb = lib.get(playbook_id)
            ui.say(Text(f"\n{pb.title.en}", f"\n{pb.title.zh}"), "bold")
            ui.say(pb.summary)
            if pb.needs_checks:
                if all(c in state.checks for c in pb.needs_checks):  # just checked everything: show, don't re-ask
                    rows = [state.checks[c] for c in pb.needs_checks]
                else:
                    rows = _rows(session.run(only=list(pb.needs_checks)).checks)
                    clear()
                ui.say(Text("Checking the devices first:", "先检查设备："))
                ui.check_rows(rows)
                state.checks.update({c["id"]: c for c in rows})
        code = _walk(lib, session, state, ui, env, answers_file, yes=yes, interactive=interactive, store=store,
                     device=device, clear=clear, json_out=json_out, tolerance_s=cfg.get("payment.tolerance_s"),
                     keep={"lang": lang_flag or env.lang, "note": note}, max_age_s=cfg.get("payment.evidence_max_age_s"))
    if code == ExitCode.INTERRUPTED or code == ExitCode.UNKNOWN:
        return code
    saved.clear(store)  # this walk's own file: other stopped walks stay
    return _finish(lib, state, session, ui, env, cfg, code, json_out=json_out, note=note, no_record=no_record,
                   device=device, lang_flag=lang_flag)


def _take_ctrl_c(env) -> None:
    """Ctrl-C stops a walk at the keyboard (progress kept), also when whoever started us passed SIGINT on ignored
    (a background job of a script does: a CI runner, `cmd &`) - but only when this process is the foreground program
    of the terminal it reads from, the one that Ctrl-C there is meant for."""
    import os
    import signal

    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        return
    try:
        if os.tcgetpgrp(env.stdin.fileno()) != os.getpgrp():
            return
    except (AttributeError, OSError, ValueError):  # no job control (Windows), or stdin has no terminal behind it
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)


NOT_SAVED = Text("Stopped. The progress could not be saved (see above), so this walk cannot be continued.",
                 "已停止。进度未能保存（见上文），本次流程无法继续。")


def _progress_saver(store, device: dict, keep: dict, ui):
    """saved.save, but a data folder that cannot take the file (full, read-only, not a folder) does not end the
    walk: it goes on unsaved, and the person is told once, with why. Returns True when the progress is saved."""
    from pos_doctor.playbooks import saved
    from pos_doctor.records.recorder import spool_reason

    told = []

    def save(state: dict) -> bool:
        try:
            saved.save(store, state, device, **keep)
            return True
        except OSError as exc:
            if not told:
                told.append(exc)
                en, zh = spool_reason(exc) or (f"cannot be written: {exc.strerror or exc}",
                                               f"无法写入：{exc.strerror or exc}")
                ui.say(Text(f"Note: the progress of this walk cannot be saved ({store.parent}: {en.removeprefix('cannot be written: ')})."
                            " The walk goes on; if it stops, it cannot be continued later.",
                            f"注意：本次流程的进度无法保存（{store.parent}：{zh.removeprefix('无法写入：')}）。"
                            "流程继续进行；如果中途停止，之后无法接着做。"), "yellow")
            return False
    return save


def _choose_from_menu(lib, ui, answers_file, *, yes: bool, interactive: bool) -> str:
    items = [(pb.id, pb.title) for pb in lib.situations()] + [(CHECK_FIRST, CHECK_FIRST_LABEL)]
    chosen = answers_file.data.get("menu")
    if chosen is not None:
        if chosen not in [k for k, _ in items]:
            raise UsageError(f"{answers_file.where('menu')}: menu: {chosen!r} — choose one of {', '.join(k for k, _ in items)}",
                             message_zh=f"{answers_file.where('menu')}：`menu:` 的值 {chosen!r} 无效，可选 {', '.join(k for k, _ in items)}")
        return chosen
    if yes:
        return CHECK_FIRST
    if not interactive:
        raise UsageError("fix needs to know what happened: give a playbook id, `menu: ID` in the answers file, or --yes "
                         "(checks the devices first). Situations: " + ", ".join(k for k, _ in items),
                         message_zh="需要知道发生了什么：请给出处理流程编号、在回答文件中写 `menu: 编号`，或使用 `--yes`"
                                    "（先检查设备）。可选：" + ", ".join(k for k, _ in items))
    picked = ui.menu(MENU_TITLE, items, default=len(items))
    if picked is None:
        raise KeyboardInterrupt
    return items[picked][0]


def _after_checks(report, lib, ui, env, *, yes: bool, interactive: bool) -> str | None:
    """Show the check results; pick the recommended playbook (asking first on a terminal). With all checks passing,
    a person may still pick what happened from the situations."""
    from pos_doctor.ui.render_check import render

    render(report, env, next_step=False, console=ui.con)
    recommended = [pid for pid in report.playbooks() if pid in lib.files]
    if recommended:
        pb = lib.get(recommended[0])
        if interactive and not yes and not ui.yes_no(START.format(title=pb.title(env.lang))):
            return None
        return pb.id
    if report.status not in ("ok", "skipped"):
        ui.say(NO_PLAYBOOK)
        return None
    ui.say(ALL_OK, "green")
    if not interactive or yes:
        ui.say(NOTHING)
        return None
    items = [(pb.id, pb.title) for pb in lib.situations()]
    picked = ui.menu(PICK_ANYWAY, items + [("quit", Text("Nothing — quit", "没有了——退出"))], default=len(items) + 1)
    return None if picked is None or picked == len(items) else items[picked][0]


def _no_walk(report, rows: list[dict], target: dict, code: int) -> dict:
    """The transcript of a fix that checked the devices and found no playbook to walk."""
    from pos_doctor import __version__

    return {
        "schema_version": 1, "tool": {"name": "pos-doctor", "version": __version__}, "kind": "fix", "playbook": None,
        "status": report.status, "exit_code": int(code), "outcome": None if code == 0 else "not_resolved",
        "verified": False,
        "timing": {"started_at": report.started_at, "finished_at": report.finished_at}, "target": target,
        "steps": [], "answers": {}, "values": {}, "checks": rows, "last_transaction": None, "payment": None, "escalations": [],
        "reason": (ALL_OK if report.status in ("ok", "skipped") else NO_PLAYBOOK).to_json(),
    }


def _rows(results) -> list[dict]:
    return [{"id": r.id, "status": r.status, "message": r.message.to_json(),
             "hint": r.hint.to_json() if r.hint else None} for r in results]


def _check_answers(lib, answers_file, pid: str) -> None:
    keys: set[str] = set()
    todo, seen = [pid], set()
    while todo:
        cur = todo.pop()
        if cur in seen:
            continue
        seen.add(cur)
        pb = lib.get(cur)
        for s in pb.steps:
            keys.add(f"{cur}/{s.id}")
            if s.kind == "include":
                todo.append(s.playbook)
    answers_file.check_known(keys)


def _walk(lib, session, state, ui, env, answers_file, *, yes, interactive, store, device, clear, json_out=False,
          tolerance_s=None, keep=None, max_age_s=None) -> int:
    from pos_doctor.playbooks import saved
    from pos_doctor.playbooks.actions import DeviceServices
    from pos_doctor.playbooks.answers import AnswerSource, answer_hint, missing_after
    from pos_doctor.playbooks.engine import Aborted, NeedAnswer, Walk

    class Services(DeviceServices):
        def run_checks(self, ids):
            results = super().run_checks(ids)
            clear()
            return results

        def action(self, name, params):  # the progress line goes before the result (a verdict) is printed
            try:
                return super().action(name, params)
            finally:
                clear()

    services = Services(session, on_wait=lambda remaining, result: ui.say(
        Text(f"  … still waiting ({int(remaining)} s left): {result.message.en}",
             f"  … 仍在等待（剩 {int(remaining)} 秒）：{result.message.zh}")))
    walk = Walk(lib, services, AnswerSource(ui, answers_file, yes=yes, interactive=interactive), state)
    ui.walk_state = state  # the screen numbers the steps of this walk
    keep = keep or {}
    # --yes marking: a walk a script started with --yes is not offered to the cashier as theirs to finish
    mark = {"started_with_yes": True} if yes else {}
    save = _progress_saver(store, device, keep, ui)
    walk.on_save = lambda st: save({**st.to_json(), **mark})
    if tolerance_s:  # payment.tolerance_s: clock drift and typing between the customer's time and the terminal's
        from datetime import timedelta

        walk.tolerance = timedelta(seconds=float(tolerance_s))
    if max_age_s:  # payment.evidence_max_age_s: records older than this do not open a money step
        walk.max_age_s = float(max_age_s)
    try:
        walk.run()
    except NeedAnswer as exc:
        save({**state.to_json(), **mark})
        missing = missing_after(lib, state, answers_file, yes)
        listing = answer_hint(missing, state.playbook)
        if json_out:  # scripts always get one document: the walk so far, and the steps still to answer
            doc = transcript(lib, state, dict(session.target), ExitCode.UNKNOWN)
            doc["timing"].update(_device_time(session))
            doc["outcome"], doc["status"], doc["run_id"] = "needs_answers", "unknown", None  # not recorded: resumable
            doc["needs_answers"] = [{"id": key.split("/", 1)[1] if key.startswith(f"{state.playbook}/") else key,
                                     "answer": what} for key, what in missing]
            env.write(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
        raise UsageError(
            f"step '{exc.prompt.step.id}' needs an answer and nobody is at the keyboard (stdin is not a terminal, or CI "
            f"is set). Steps without an answer from here on:\n{listing}",
            message_zh=f"步骤 '{exc.prompt.step.id}' 需要回答，但当前不是可交互的命令行窗口（或设置了 `CI`）。此后仍缺少回答的步骤：\n{listing}",
            hint=("these steps have no suggested answer, so --yes cannot answer them: " if yes else "") +
                 "put `step-id: answer` lines in a file and pass --answers FILE" +
                 ("" if yes else " (or --yes for the suggested answers)") +
                 "; continue this walk with `pos-doctor fix --resume --answers FILE`",
            hint_zh=("这些步骤没有建议答案，`--yes` 无法代答：" if yes else "") +
                    "把 `步骤编号: 回答` 写进文件，用 `--answers 文件` 传入" + ("" if yes else "（或用 `--yes` 采用建议答案）") +
                    "；用 `pos-doctor fix --resume --answers 文件` 继续本次流程") from None
    except (Aborted, KeyboardInterrupt):
        kept = save({**state.to_json(), **mark})
        try:
            if kept:
                ui.say(Text("\n", "\n"))
                ui.say(SAVED, "yellow")
            else:
                ui.say(NOT_SAVED, "yellow")
        except OSError:  # the terminal went away (its window closed): nobody to tell
            pass
        return ExitCode.INTERRUPTED
    if state.outcome == "resolved":
        return 0 if state.verified else 1
    return 2


def transcript(lib, state, target: dict, code: int) -> dict:
    from pos_doctor import __version__
    from pos_doctor.playbooks.engine import now
    from pos_doctor.playbooks.transcript import steps_carried_out

    pb = lib.get(state.playbook)
    steps = []
    for e in state.transcript:
        if "step" not in e:
            continue
        row = {"id": e["step"] if e["playbook"] == pb.id else f"{e['playbook']}/{e['step']}", **e}
        if "result" not in row and "verify" in row:
            row["result"] = {"status": "ok" if row["verify"]["passed"] else "critical"}
        steps.append(row)
    status = {0: "ok", 1: "warning"}.get(code, "critical")
    return {
        "schema_version": 1, "tool": {"name": "pos-doctor", "version": __version__}, "kind": "fix",
        "playbook": {"id": pb.id, "title": pb.title.to_json(), "source": pb.source, "shipped": pb.shipped},
        "status": status, "exit_code": code, "outcome": state.outcome, "verified": state.verified,
        "timing": {"started_at": state.started_at, "finished_at": now()},
        "target": target, "steps": steps, "answers": state.answers, "values": state.values,
        "checks": list(state.checks.values()), "last_transaction": state.transaction,
        "payment": payment_json(state.payment), "escalations": state.escalations,
        "carried_out": steps_carried_out(state.transcript),  # what was done, skipped, undone (back): the report's list
    }


def payment_json(payment: dict | None) -> dict | None:
    """The walk's verdict for this customer's payment: the customer's evidence, the terminal transactions
    considered, the verdict and its reasons (null when the playbook did not reconcile)."""
    if payment is None:
        return None
    keys = ("verdict", "double_charge", "reasons", "summary", "customer", "considered", "matched", "terminal", "step", "at",
            "compared", "finding", "contradictions", "binding",  # these four since issue 22 (absent in older saved walks)
            "decided_by")  # issue 24: which source decided it (the link, or a list typed from the POS机)
    return {k: payment.get(k) for k in keys}


def _finish(lib, state, session, ui, env, cfg, code: int, *, json_out: bool, note, no_record, device=None,
            lang_flag=None) -> int:
    from pos_doctor.cli.suggest import escalation_contact, saved_line
    from pos_doctor.records.recorder import record_run, recording_enabled

    doc = transcript(lib, state, dict(session.target), code)
    doc["timing"].update(_device_time(session))
    run_id = record_run("fix", doc, config=cfg, note=note, no_record=no_record, lang=env.lang)
    doc["run_id"] = run_id
    if state.outcome == "escalated":  # whom to call with which facts; the run id is the shop's own reference
        ui.say(escalation_contact(cfg, run_id, (doc.get("target") or {}).get("terminal_id")), "bold yellow")
    ui.say(Text("", ""))
    from pos_doctor.playbooks.engine import by_yes

    answered_by_yes = by_yes(state.transcript)
    if not (answered_by_yes and code == 1):  # "the checks could not confirm it" is not why: nobody did the steps
        ui.say(OUTCOME[code], {0: "bold green", 1: "bold yellow"}.get(code, "bold red"))
    if answered_by_yes:  # --yes marking: said on the screen too, whatever the outcome
        ui.say(BY_YES, "bold yellow")
    pb = lib.get(state.playbook)
    if pb.prevention and code in (0, 1):
        ui.say(Text("To avoid it next time:", "以后如何避免："), "bold")
        for tip in pb.prevention:
            ui.say(Text(f"  • {tip.en}", f"  • {tip.zh}"))
    if json_out:
        env.write(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
    line = saved_line(run_id, recording_enabled(cfg, no_record=no_record))
    if line is not None:
        print(env.t(line), file=env.stderr)
    return code


def offer_after_check(env, cfg, report, device: dict) -> int | None:
    """`check` on an interactive terminal that found problems: offer the recommended playbook. None: declined."""
    from pos_doctor.playbooks.library import Library
    from pos_doctor.ui.wizard import WizardUI

    lib = Library.load(cfg.get("playbooks.dirs") or [])
    recommended = [pid for pid in report.playbooks() if pid in lib.files]
    if not recommended:
        return None
    pb = lib.get(recommended[0])
    ui = WizardUI(env)
    env.out.print("")
    if not ui.yes_no(START.format(title=pb.title(env.lang))):
        return None
    return run_fix(env, cfg, device, playbook_id=pb.id)


def _root_lang() -> str | None:
    """`pos-doctor --lang zh fix`: the root's --lang reaches the command (the subcommand's own wins)."""
    from pos_doctor.cli.language import EXPLICIT

    return EXPLICIT
