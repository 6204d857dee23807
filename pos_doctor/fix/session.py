"""`FixSession(options, library, prompter).run() -> FixOutcome`: a whole `fix` - the stopped walk resumed or
discarded, the situation chosen (the id, the menu, or the checks' recommendation), the devices opened once and
checked, the walk, the transcript recorded into the history, the escalation contact and the closing words.

Exit codes: 0 resolved and verified, 1 resolved but not verified, 2 not resolved or escalated, 3 could not run,
130 stopped (progress saved). Without a walk: 0 if the checks all pass; 2 if they found problems no playbook covers
(or the person declined the fix); 3 if they could only say "unknown"."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from pos_doctor.errors import ExitCode, UsageError
from pos_doctor.fix.options import FixOptions, FixOutcome, Prompter
from pos_doctor.i18n import T, Text

if TYPE_CHECKING:
    from pos_doctor.checks.model import CheckReport
    from pos_doctor.checks.runner import CheckOptions
    from pos_doctor.playbooks.answers import AnswersFile
    from pos_doctor.playbooks.engine import WalkState
    from pos_doctor.playbooks.library import Library
    from pos_doctor.playbooks.saved import Stopped

CHECK_FIRST = "check"
DEFAULT_BUDGET_RUNS = 3  # fix without --timeout: all its device work within three run deadlines
MENU_TITLE = Text("What is happening at the till?")
CHECK_FIRST_LABEL = Text("Not sure — check the devices first")
ALL_OK = Text("All checks pass: the devices look fine.")
NOTHING = Text("Nothing to fix. If a payment went wrong, run `pos-doctor fix` and choose what happened.")
NO_PLAYBOOK = Text("No guided fix matches these problems; follow the hints above.")
PICK_ANYWAY = Text("If a payment went wrong anyway, what happened?")
START = Text("Start the guided fix: {title}?")
OUTCOME = {
    0: Text("Fixed, and the checks confirm it."),
    1: Text("Marked as fixed, but the checks could not confirm it. Keep an eye on it."),
    2: Text("Not fixed yet: follow the contact advice above."),
}
BY_YES = Text("Not marked as fixed: the steps that need someone's hands were not done by a person (answered by "
              "--yes). Have someone do them before you rely on this.")

# a tip of the playbook's, indented: layout, the same in every language
BULLET = Text("  • {tip}", inline={"en": "  • {tip}", "zh": "  • {tip}", "de": "  • {tip}"})


@dataclasses.dataclass
class _Run:
    """What one run works with once the stopped walk (if any) is settled."""

    device: dict
    config: Any
    checks: CheckOptions
    playbook_id: str | None
    stopped: Stopped | None
    lang: str | None
    note: str | None


class FixSession:
    def __init__(self, options: FixOptions, library: Library, prompter: Prompter):
        self.options = options
        self.library = library
        self.prompter = prompter

    def run(self) -> FixOutcome:
        o, p = self.options, self.prompter
        if o.resume and o.discard:
            raise UsageError(T("--resume or --discard, not both"))
        from pos_doctor.fix import resume

        run = _Run(o.device, o.config, o.checks, o.playbook_id, None, o.lang, o.note)
        if o.resume or o.discard:
            run.stopped = resume.choose(p, o.config, self.library, o.playbook_id, discard=o.discard)
            run.playbook_id = None
            if o.discard:
                resume.discard(p, self.library, run.stopped)
                return FixOutcome(None, ExitCode.OK)
        elif o.playbook_id is None and not o.answers:
            run.stopped = resume.offer(p, o.config, self.library)
        if run.stopped is not None and run.stopped.doc is not None:
            doc = run.stopped.doc  # the stopped walk's devices, language and note, unless given again now
            run.device = {**doc.get("device", {}), **o.device}
            run.lang = o.lang or doc.get("lang")
            run.note = o.note if o.note is not None else doc.get("note")
            if o.configure is not None:
                run.config, run.checks = o.configure(run.device, run.lang)
                p.speak(run.config.get("language"))
        return self._fix(run)

    def _fix(self, run: _Run) -> FixOutcome:
        from pos_doctor.checks.session import open_session
        from pos_doctor.config import market_of
        from pos_doctor.fix import resume
        from pos_doctor.fix.transcript import check_rows, transcript
        from pos_doctor.fix.walk import NeedsAnswers, check_answers, walk
        from pos_doctor.playbooks import saved
        from pos_doctor.playbooks.answers import AnswersFile
        from pos_doctor.playbooks.engine import WalkState

        lib, p, cfg = self.library, self.prompter, run.config
        answers = AnswersFile.load(self.options.answers)
        store = run.stopped.path if run.stopped is not None else None
        state = None
        playbook_id = run.playbook_id
        if run.stopped is not None and run.stopped.doc is not None:
            from pos_doctor.playbooks.engine import distrust_saved

            doc = run.stopped.doc
            saved.check_steps(run.stopped.path, doc, lib)  # a step that does not exist: one screen, the file, --discard
            state = WalkState.from_json(doc["state"])
            lib.get(state.playbook)
            # nothing in the file is trusted for money: the verdict is recomputed from the stored evidence and
            # answers, and a money step reads the terminal and reconciles again first (payments/binding.py)
            distrust_saved(lib, state, tolerance_s=cfg.get("payment.tolerance_s"))
            resume.recap(p, lib, {**doc, "state": state.to_json()})
        elif playbook_id:
            lib.get(playbook_id)  # an unknown id or a broken file fails before any port is opened
        if state is None and playbook_id is None:
            playbook_id = self._menu(answers)
        progress, on_event, clear = p.progress()
        with open_session(dataclasses.replace(run.checks), on_progress=progress, on_event=on_event) as session:
            # --timeout bounds all the walk's device work, not each round; without it the walk still has an overall
            # device budget (DEFAULT_BUDGET_RUNS x timeouts.run, 30 s by default): a terminal that sends 04 FF
            # forever cannot hold the till for one deadline per round (docs/usage.md)
            session.budget = run.device.get("timeout") or DEFAULT_BUDGET_RUNS * float(cfg.get("timeouts.run"))
            first_checks: list[dict] = []
            code: int
            if playbook_id == CHECK_FIRST:
                first = session.run()
                clear()
                first_checks = check_rows(first.checks)
                playbook_id = self._after_checks(first)
                if playbook_id is None:
                    # fix's codes, not check's: a warning left as it was is "not fixed" (2), not "fixed, unverified"
                    code = (ExitCode.OK if first.status in ("ok", "skipped") else
                            ExitCode.UNKNOWN if first.status == "unknown" else ExitCode.CRITICAL)
                    reason = (ALL_OK if first.status in ("ok", "skipped") else NO_PLAYBOOK).to_json()
                    nothing = transcript(None, None, dict(session.target), code, checked=first, rows=first_checks,
                                         reason=reason, session=session)
                    return self._record(nothing, cfg, run.note, code)
            if state is None:
                assert playbook_id is not None  # the menu always names one
                store = saved.new_path(cfg, playbook_id)
                state = WalkState(playbook=playbook_id)
                state.market = market_of(cfg, p.lang)  # the payment practice the walk assumes ([shop] market)
                state.checks.update({c["id"]: c for c in first_checks})
                check_answers(lib, answers, playbook_id)
                self._before_walk(state, session, clear)
            try:
                code = walk(lib, session, state, p, answers, yes=self.options.yes, store=store, device=run.device,
                            clear=clear, keep={"lang": run.lang or p.lang, "note": run.note},
                            tolerance_s=cfg.get("payment.tolerance_s"),
                            max_age_s=cfg.get("payment.evidence_max_age_s"))
            except NeedsAnswers as exc:  # scripts get one document: the walk so far, and the steps still to answer
                doc = transcript(lib, state, dict(session.target), ExitCode.UNKNOWN, session=session)
                doc["outcome"], doc["status"], doc["run_id"] = "needs_answers", "unknown", None  # not recorded
                doc["needs_answers"] = exc.missing
                return FixOutcome(doc, ExitCode.UNKNOWN, error=exc.error)
        if code == ExitCode.INTERRUPTED or code == ExitCode.UNKNOWN:
            return FixOutcome(None, code)
        saved.clear(store)  # this walk's own file: other stopped walks stay
        doc = transcript(lib, state, dict(session.target), code, session=session)
        outcome = self._record(doc, cfg, run.note, code)
        self._closing(state, doc, code)
        return outcome

    def _before_walk(self, state: WalkState, session: Any, clear: Any) -> None:
        """The playbook's title and summary, then the checks it needs (run now, unless just run)."""
        from pos_doctor.fix.transcript import check_rows

        p = self.prompter
        pb = self.library.get(state.playbook)
        p.say(Text(""))
        p.say(pb.title, "bold")
        p.say(pb.summary)
        if pb.needs_checks:
            if all(c in state.checks for c in pb.needs_checks):  # just checked everything: show, don't re-ask
                rows = [state.checks[c] for c in pb.needs_checks]
            else:
                rows = check_rows(session.run(only=list(pb.needs_checks)).checks)
                clear()
            p.say(Text("Checking the devices first:"))
            p.check_rows(rows)
            state.checks.update({c["id"]: c for c in rows})

    def _record(self, doc: dict, cfg: Any, note: str | None, code: int) -> FixOutcome:
        """Into the history (the run id goes into the transcript); whom to call when the walk escalated."""
        from pos_doctor.fix.contact import escalation_contact
        from pos_doctor.records.recorder import record_run, recording_enabled

        no_record = self.options.no_record
        doc["run_id"] = record_run("fix", doc, config=cfg, note=note, no_record=no_record, lang=self.prompter.lang)
        if doc.get("outcome") == "escalated" and doc.get("playbook"):  # the run id is the shop's own reference
            self.prompter.say(escalation_contact(cfg, doc["run_id"], (doc.get("target") or {}).get("terminal_id")),
                              "bold yellow")
        return FixOutcome(doc, code, recording=recording_enabled(cfg, no_record=no_record))

    def _closing(self, state: WalkState, doc: dict, code: int) -> None:
        """The outcome in words, the --yes marking, and how to avoid it next time."""
        from pos_doctor.playbooks.engine import by_yes

        p = self.prompter
        p.say(Text(""))
        answered_by_yes = by_yes(state.transcript)
        if not (answered_by_yes and code == 1):  # "the checks could not confirm it" is not why: nobody did the steps
            p.say(OUTCOME[code], {0: "bold green", 1: "bold yellow"}.get(code, "bold red"))
        if answered_by_yes:  # --yes marking: said on the screen too, whatever the outcome
            p.say(BY_YES, "bold yellow")
        pb = self.library.get(state.playbook)
        if pb.prevention and code in (0, 1):
            p.say(Text("To avoid it next time:"), "bold")
            for tip in pb.prevention:
                p.say(BULLET.format(tip=tip))

    def _menu(self, answers: AnswersFile) -> str:
        """What happened: `menu:` in the answers file, --yes (check first), or the person's pick."""
        p = self.prompter
        chosen = answers.data.get("menu")
        if chosen is None and self.options.yes:  # every playbook is read only to list or check a choice
            return CHECK_FIRST
        items = [(pb.id, pb.title) for pb in self.library.situations()] + [(CHECK_FIRST, CHECK_FIRST_LABEL)]
        ids = ", ".join(k for k, _ in items)
        if chosen is not None:
            if chosen not in [k for k, _ in items]:
                raise UsageError(T("{where}: menu: {chosen!r} — choose one of {ids}",
                                   where=answers.where("menu").msg(), chosen=chosen, ids=ids))
            return str(chosen)
        if not p.interactive:
            raise UsageError(T("fix needs to know what happened: give a playbook id, `menu: ID` in the answers file, "
                               "or "
                               "--yes (checks the devices first). Situations: {ids}", ids=ids))
        picked = p.menu(MENU_TITLE, items, default=len(items))
        if picked is None:
            raise KeyboardInterrupt
        return items[picked][0]

    def _after_checks(self, report: CheckReport) -> str | None:
        """Show the check results; pick the recommended playbook (asking first on a terminal). With all checks
        passing, a person may still pick what happened from the situations."""
        p, lib, yes = self.prompter, self.library, self.options.yes
        p.show_report(report)
        recommended = [pid for pid in report.playbooks() if pid in lib.files]
        if recommended:
            pb = lib.get(recommended[0])
            if p.interactive and not yes and not p.yes_no(START.format(title=pb.title(p.lang))):
                return None
            return pb.id
        if report.status not in ("ok", "skipped"):
            p.say(NO_PLAYBOOK)
            return None
        p.say(ALL_OK, "green")
        if not p.interactive or yes:
            p.say(NOTHING)
            return None
        items = [(pb.id, pb.title) for pb in lib.situations()]
        picked = p.menu(PICK_ANYWAY, items + [("quit", Text("Nothing — quit"))],
                        default=len(items) + 1)
        return None if picked is None or picked == len(items) else items[picked][0]


def offer_after_check(options: FixOptions, library: Library, prompter: Prompter,
                      report: CheckReport) -> FixOutcome | None:
    """`check` on an interactive terminal that found problems: offer the recommended playbook. None: declined, or
    no playbook recommended."""
    recommended = [pid for pid in report.playbooks() if pid in library.files]
    if not recommended:
        return None
    pb = library.get(recommended[0])
    prompter.say(Text(""))
    if not prompter.yes_no(START.format(title=pb.title(prompter.lang))):
        return None
    return FixSession(dataclasses.replace(options, playbook_id=pb.id), library, prompter).run()
