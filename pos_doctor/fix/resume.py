"""Stopped walks around a fix: which one `fix --resume` continues (or `--discard` drops), the offer `fix` makes when
one is waiting, and the recap shown before a walk continues. The files themselves: playbooks/saved.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pos_doctor.errors import UsageError
from pos_doctor.i18n import TC, T, Text

if TYPE_CHECKING:
    from pos_doctor.fix.options import Prompter
    from pos_doctor.playbooks.library import Library
    from pos_doctor.playbooks.saved import Stopped

LISTING = Text("Stopped walks:")
PICK = Text("Which one? Give its number: `pos-doctor fix N --resume` (or --discard).")
WAITING = Text("A stopped walk is waiting: {title} (stopped {when}). Continue it?")
WAITING_NOTE = Text("Note: {n} stopped walk(s) waiting; `pos-doctor fix --resume` continues them.")
DISCARDED = Text("Discarded the stopped walk {n}: {title}.")
RECAP = Text("Continuing: {title} — stopped {when}")
VALUES = Text("Recorded:")
PAYMENT = Text("Payment so far:")
NOTE = Text("Note: {note}")
NOT_READ_YET = Text("Payment: not compared yet — the terminal's records have not been read in this walk.")
DAMAGED = Text("damaged — discard it")
NONE = UsageError(T("there is no stopped fix to resume"),
                  hint=T("start one with `pos-doctor fix`"))


UNKNOWN_TIME = TC("a time", "unknown")
PAYMENT_SO_FAR = T("Payment so far: {verdict}")
AND_SENTENCE = TC("sentences", "{a} {b}")
LISTED = T("{when}  {title}")


def _when(iso: str | None) -> Text | str:
    from pos_doctor.records.summary import local_time as full

    return full(iso) or UNKNOWN_TIME


def local_time(iso: str | None, lang: str = "en") -> str:
    when = _when(iso)
    return when(lang) if isinstance(when, Text) else when


def _title_text(lib: Library, pid: str | None) -> Text | str:
    try:
        return lib.get(str(pid)).title
    except Exception:  # noqa: BLE001 - a playbook since removed or broken: its id still names the walk
        return str(pid)


def _title(lib: Library, pid: str | None, lang: str) -> str:
    title = _title_text(lib, pid)
    return title(lang) if isinstance(title, Text) else title


def _listing(lang: str, lib: Library, walks: list[Stopped]) -> str:
    rows = []
    for w in walks:
        what = _title(lib, w.playbook, lang) if w.doc else DAMAGED(lang) + f" ({w.path})"
        rows.append(f"  {w.number}) {local_time(w.saved_at, lang)}  {what}")
    return "\n".join([LISTING(lang), *rows])


def _listing_text(lib: Library, walks: list[Stopped]) -> Text:
    """The listing as a parameter: its rows (titles, local times) are made in each language."""
    from pos_doctor.i18n import LANGS

    return Text.from_map({lang: _listing(lang, lib, walks) for lang in LANGS})


def choose(prompter: Prompter, cfg: Any, lib: Library, selector: str | None, *, discard: bool = False) -> Stopped:
    """The stopped walk named by `selector` (its number in the listing, or a playbook id: the latest of it), the only
    one, or — several, and a person at the keyboard — the one picked from the list. Raises UsageError otherwise."""
    from pos_doctor.playbooks import saved

    walks = saved.stopped_walks(cfg)
    if not walks:
        raise NONE
    picked = None
    if selector is not None:
        if selector.isdigit():
            picked = next((w for w in walks if w.number == int(selector)), None)
        else:
            picked = next((w for w in reversed(walks) if w.playbook == selector), None)
        if picked is None:
            raise UsageError(T("no stopped walk {selector!r}\n{listing}", selector=selector,
                               listing=_listing_text(lib, walks)), hint=PICK)
    elif len(walks) == 1:
        picked = walks[0]
    elif prompter.interactive:
        items = [(str(w.number), LISTED.format(when=_when(w.saved_at),
                                               title=_title_text(lib, w.playbook) if w.doc else DAMAGED))
                 for w in walks]
        i = prompter.menu(LISTING, items, default=len(items), aside=True)
        if i is None:
            raise KeyboardInterrupt
        picked = walks[i]
    else:
        raise UsageError(T("{n} stopped walks; say which\n{listing}", n=len(walks), listing=_listing_text(lib, walks)),
                         hint=PICK)
    if picked.doc is None and not discard:
        raise picked.error
    return picked


def discard(prompter: Prompter, lib: Library, walk: Stopped) -> None:
    from pos_doctor.playbooks import saved

    saved.clear(walk.path)
    title = _title(lib, walk.playbook, prompter.lang) if walk.doc else walk.path.name
    prompter.note(DISCARDED.format(n=walk.number, title=title))


def offer(prompter: Prompter, cfg: Any, lib: Library) -> Stopped | None:
    """`fix` without an id: a stopped walk is offered first (on a keyboard), or mentioned (without one)."""
    from pos_doctor.playbooks import saved

    walks = [w for w in saved.stopped_walks(cfg) if w.doc is not None]
    if not walks:
        return None
    if prompter.interactive:  # a walk a script started with --yes is not the cashier's (--resume still takes it)
        walks = [w for w in walks if not (w.doc or {})["state"].get("started_with_yes")]
        if not walks:
            return None
    if not prompter.interactive:
        prompter.note(WAITING_NOTE.format(n=len(walks)))
        return None
    w = walks[-1]
    q = WAITING.format(title=_title_text(lib, w.playbook), when=_when(w.saved_at))
    return w if prompter.yes_no(q) else None


def recap(prompter: Prompter, lib: Library, doc: dict) -> None:
    """Where the walk stands: steps done, values recorded, the payment verdict so far, the note."""
    from pos_doctor.playbooks.transcript import lines, payment_view, steps_carried_out, verdict_text

    state = doc["state"]
    lang = prompter.lang
    prompter.say(RECAP.format(title=_title_text(lib, state["playbook"]), when=_when(doc.get("saved_at"))), "bold")
    for head, items in lines(steps_carried_out(state.get("transcript") or []), lang):
        prompter.say(T("{heading}:", heading=head))
        for i, line in enumerate(items, 1):  # said in the prompter's language already
            prompter.say(_as_said(f"  {i}. {line}"))
    vals = state.get("values") or {}
    if vals:
        prompter.say(VALUES)
        for line in prompter.evidence(dict(vals)):
            prompter.say(_as_said(f"  {line}"))
    view = payment_view(state.get("payment"), vals, state.get("transaction"))
    if view["customer"] and not view["terminal"] and view["source"] != "payment":
        prompter.say(NOT_READ_YET)  # nothing of the terminal was looked at: no verdict, not even "cannot be settled"
    elif view["customer"] or view["terminal"]:
        said = PAYMENT_SO_FAR.format(verdict=Text.from_json(verdict_text(view["verdict"])))
        for d in view["differences"]:
            said = AND_SENTENCE.format(a=said, b=Text.from_json(d["text"]))
        prompter.say(said)
    if doc.get("note"):
        prompter.say(NOTE.format(note=doc["note"]))


def _as_said(line: str) -> Text:
    """A line already in the screen's language (the recap's lists), shown as it is."""
    return Text(line, inline={"en": line, "zh": line, "de": line})
