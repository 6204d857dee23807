"""What a walk actually did, computed from its transcript alone (pure: the walk's JSON in, plain JSON out).

The engine's transcript is an append-only log: every step reached is logged, going "back" appends a `back_to`
marker and leaves the withdrawn answers in the log. What staff hand to the payment provider must not repeat that
log: a step the person went back over was not done, a skipped restart was not a restart. `steps_carried_out`
folds the log into three lists:

- `done`: the steps carried out, once each, in the order they were last done (a step done again — a retried
  check — keeps its latest result and a count);
- `skipped`: steps the person chose to skip (and steps passed over for being visited too often);
- `undone`: answers withdrawn with "back" and never given again.

Steps whose `when` condition was false are not listed: they did not apply. Structural steps (include, end,
escalate) are not "tried" either: the outcome and the escalation are said elsewhere. Device work (actions,
checks) that ran before a "back" did happen, so it stays in `done`.

Every text is a message kept as `Text.to_json()` (an older run's `{"en": ..., "zh": ...}` still reads);
`lines(result, lang)` says it in one language.
"""

from __future__ import annotations

from typing import Any

from pos_doctor.i18n import TC, T, Text

ANSWERED = ("instruction", "question", "confirm", "record")
NOT_TRIED = ("include", "end", "escalate")

_WORDS = {
    "done": TC("transcript", "done"), "yes": TC("transcript", "yes"), "no": TC("transcript", "no"),
    "unsure": TC("transcript", "not sure"),
    "pass": T("all pass"), "empty": T("left empty"),
    "again_ok": T("checked again: passes"),
    "again_bad": T("checked again: still not right"),
    "skipped_by_person": TC("transcript", "skipped"), "too_often": T("passed over: visited too often"),
    "undone": T("answer withdrawn with back"), "ran": TC("transcript, an action", "done"),
    "failed": TC("transcript", "failed"), "ran_pass": T("the checks that ran pass"),
    "by_yes": T("not done by a person: answered by --yes"),
}


def _w(key: str) -> Text:
    return _WORDS[key]


def _text(value: Any) -> Text:
    """A text of the transcript (a message kept by `Text.to_json`, an older {"en", "zh"}), or a plain value typed by
    a person, the same in every language."""
    if isinstance(value, dict) and isinstance(value.get("en"), str):
        return Text.from_json(value)
    s = "" if value is None else str(value)
    return Text(s, inline={"en": s, "zh": s})


def short(s: str) -> str:
    """A step's instruction cut to its first clause, in the language it is shown in:
    "Restart the terminal: switch it off…" → "Restart the terminal"."""
    cut = len(s)
    for mark in (":", "：", ". ", "。", "?", "？", "!", "！", "\n", " (", "（"):  # no dangling bracket
        i = s.find(mark)
        if 0 < i < cut:
            cut = i
    return s[:cut].rstrip(" ,，.") or s


_SEP = {"; ": T("{a}; {b}"), ", ": T("{a}, {b}")}


def _join(parts: list[Text], sep: str = "; ") -> Text | None:
    """One message of several, each said in the reader's language ('a; b' — 'a；b')."""
    out: Text | None = None
    for p in parts:
        if p is None or not p.en:
            continue
        out = p if out is None else _SEP[sep].format(a=out, b=p)
    return out


def _check_result(checks: Any, passed: Any) -> Text:
    """In the checks' own words: what failed, what could not be checked;
    "all pass" only when every one ran and passed."""
    rows = [c for c in (checks or []) if isinstance(c, dict)]
    bad = [_text(c.get("message")) for c in rows if c.get("status") not in ("ok", "skipped")]
    unchecked = [_text(c.get("message")) for c in rows if c.get("status") == "skipped"]
    if not rows:
        return _w("done")
    parts = []
    if bad:
        parts.append(T("not passing: {checks}", checks=_join(bad, ", ") or ""))
    elif not unchecked:
        parts.append(_w("pass"))
    else:
        parts.append(_w("ran_pass"))
    if unchecked:
        parts.append(T("not checked: {checks}", checks=_join(unchecked, ", ") or ""))
    return _join(parts) or _w("done")


def _result(e: dict) -> Text:
    kind, answer = e.get("kind"), e.get("answer")
    if kind == "question":
        res = _text(e.get("answer_label")) if e.get("answer_label") else _text(answer)
    elif kind == "confirm":
        res = _w(answer) if answer in ("yes", "no", "unsure") else _text(answer)
    elif kind == "record":
        res = _w("empty") if answer in (None, "") else _text(answer)
    elif kind == "record_list" and isinstance(e.get("evidence_label"), dict):  # what was typed, and from where
        res = _text(e["evidence_label"])
    elif kind == "action":
        r: dict = e["result"] if isinstance(e.get("result"), dict) else {}
        msg = _text(r.get("message")) if r.get("message") else _w("ran" if r.get("ok", True) else "failed")
        res = msg
    elif kind == "check":
        res = _check_result(e.get("checks"), e.get("passed"))
    elif kind == "reconcile" and isinstance(e.get("payment"), dict):  # what the comparison concluded, not "done"
        p = e["payment"]
        from pos_doctor.payments.verdicts import label  # the one set of verdict labels

        said = label(p.get("verdict"), bool(p.get("double_charge")))
        res = said if said is not None else T("?")
    else:
        res = _w("done")
    if e.get("answered_by") == "yes":  # an automatic answer is no person's action: never "done"
        res = _w("by_yes") if kind == "instruction" else (_join([res, _w("by_yes")]) or _w("by_yes"))
    verify = e.get("verify")
    if isinstance(verify, dict):
        res = _join([res, _w("again_ok" if verify.get("passed") else "again_bad")]) or res
    return res


def _person_skipped(e: dict) -> bool:
    return e.get("answer") == "skipped" and e.get("kind") in ("instruction", "action")


def steps_carried_out(transcript: list[dict]) -> dict[str, list[dict]]:
    """Fold a walk's transcript into {"done": [...], "skipped": [...], "undone": [...]}; each item is
    {"key", "playbook", "step", "kind", "text", "result", "times"} with texts as messages (`Text.to_json`: id,
    parameters, en, zh), so a walk recorded in one language is listed again in any other; `text` is the step's whole
    text, cut to its first clause when it is shown (`item_line`)."""
    entries = [e for e in (transcript or []) if isinstance(e, dict)]
    withdrawn: set[int] = set()
    for i, e in enumerate(entries):
        target = e.get("back_to")
        if not isinstance(target, str):
            continue
        # "back" restores the walk to just before `target` was asked: that answer and every answer after it are
        # withdrawn. Device work in between (actions, checks) did happen and stays.
        start = None
        for j in range(i - 1, -1, -1):
            p = entries[j]
            if j in withdrawn or "step" not in p:
                continue
            if f"{p.get('playbook')}/{p.get('step')}" == target and p.get("kind") in ANSWERED + ("action",):
                start = j
                break
        if start is None:
            continue
        for j in range(start, i):
            p = entries[j]
            if "step" in p and (p.get("kind") in ANSWERED
                                or (p.get("kind") == "action" and p.get("answer") == "skipped")):
                withdrawn.add(j)

    done: dict[str, dict] = {}
    skipped: dict[str, dict] = {}
    undone: dict[str, dict] = {}

    def item(e: dict, result: Text) -> dict:
        return {"key": f"{e.get('playbook')}/{e.get('step')}", "playbook": e.get("playbook"), "step": e.get("step"),
                "kind": e.get("kind"), "text": _text(e.get("text")).to_json(), "result": result.to_json(), "times": 1}

    for i, e in enumerate(entries):
        if "step" not in e or e.get("kind") in NOT_TRIED:
            continue
        key = f"{e.get('playbook')}/{e.get('step')}"
        why = e.get("skipped")
        if why is not None:
            if isinstance(why, str) and why.startswith("visited more than"):
                skipped.setdefault(key, item(e, _w("too_often")))
            continue  # a false `when`: the step did not apply
        if i in withdrawn:
            undone.setdefault(key, item(e, _w("undone")))
            continue
        if _person_skipped(e):
            if key not in done:  # done once before, skipped on a later pass: it was carried out
                skipped[key] = item(e, _w("skipped_by_person"))
            continue
        times = done.pop(key)["times"] + 1 if key in done else 1  # listed where it was last done, with its last result
        done[key] = dict(item(e, _result(e)), times=times)
        skipped.pop(key, None)
    for key in done:  # a step skipped once and then done, or withdrawn and then done again, was done
        undone.pop(key, None)
    for key in skipped:
        undone.pop(key, None)
    return {"done": list(done.values()), "skipped": list(skipped.values()), "undone": list(undone.values())}


HEAD = {"done": T("Tried"), "skipped": T("Skipped (not done)"), "undone": T("Undone with back (not done)")}


def item_line(it: dict, lang: str) -> str:
    """'Restart the terminal (2×): done' in the reader's language (a text kept as a message, or an older
    {"en", "zh"}: English for a language it does not have)."""
    text = short(_text(it.get("text"))(lang)) or str(it.get("step"))
    result = _text(it.get("result"))(lang) if it.get("result") else ""
    n = it.get("times", 1)
    line: Text | None = None
    if n > 1:
        line = T("{text} ({n}×): {result}", text=text, n=n, result=result) if result else T("{text} ({n}×)", text=text,
                                                                                            n=n)
    elif result:
        line = T("{text}: {result}", text=text, result=result)
    return line(lang) if line is not None else text


def lines(result: dict[str, list[dict]], lang: str) -> list[tuple[str, list[str]]]:
    """[(heading, [one line per step])] for each non-empty list, in the reader's language."""
    out = []
    for part in ("done", "skipped", "undone"):
        items = result.get(part) or []
        if items:
            out.append((HEAD[part](lang), [item_line(it, lang) for it in items]))
    return out


# --- the payment: the customer's evidence beside the terminal's record ---------------------------------------------
VERDICTS = {
    "charged": T("The terminal's record says the customer was charged"),
    "not_charged": T("The terminal's record says the customer was not charged"),
    "mismatch": T("The customer's evidence and the terminal's record differ"),
    "double_charge": T("The terminal's records show the customer charged twice"),
    "unknown": T("Cannot be settled: the terminal's records do not show whether the customer was charged"),
}
# the same, of records staff typed from a standalone POS机's screen or slip: never "the terminal's record says"
TYPED_VERDICTS = {
    "charged": T("The transactions typed from the POS机 show the customer was charged"),
    "not_charged": T("The transactions typed from the POS机 show the customer was not charged"),
    "mismatch": T("The customer's evidence and the transactions typed from the POS机 differ"),
    "double_charge": T("The transactions typed from the POS机 show the customer charged twice"),
    "unknown": T("Cannot be settled: the transactions typed from the POS机 do not show whether the customer was "
                 "charged"),
}
_CUSTOMER_FIELDS = (("amount", ("customer_amount", "missing_amount")), ("time", ("customer_time", "missing_time")))


def _amount(v: Any):
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(str(v)) if v not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None


def payment_view(payment: Any, values: Any, transaction: Any) -> dict:
    """Both sides of the payment and what follows from them: {"verdict", "customer", "terminal", "differences",
    "reasons", "source"}. The fix's own `payment` object wins when the walk made one; until then the customer's
    side is what the person recorded (customer_amount / customer_time) and the terminal's side its last transaction.
    Nothing is assumed: a side not observed is None and the verdict says so."""
    values = values if isinstance(values, dict) else {}
    if isinstance(payment, dict) and payment.get("verdict"):
        customer: dict = payment["customer"] if isinstance(payment.get("customer"), dict) else {}
        # the terminal's side: the record that matched this payment, else the first one compared in the time window
        # (payment["terminal"] only summarises what the terminal could list); none compared: not observed
        compared = [r for key in ("matched", "considered") for r in payment.get(key) or [] if isinstance(r, dict)]
        tx = dict(compared[0]) if compared else {}
        if tx and "approved" not in tx and tx.get("result") in ("approved", "declined", "aborted"):
            tx["approved"] = tx["result"] == "approved"  # "unknown" / "reversed" stay unsaid
            tx["status"] = "approved" if tx["approved"] else "declined"
        view = {"verdict": payment["verdict"], "customer": customer or None, "terminal": tx or None,
                "reasons": [r for r in payment.get("reasons") or [] if isinstance(r, dict)], "source": "payment"}
    else:
        found = {k: next((values[n] for n in names if values.get(n) not in (None, "")), None)
                 for k, names in _CUSTOMER_FIELDS}
        customer = {k: v for k, v in found.items() if v is not None}
        last = (transaction if isinstance(transaction, dict) and transaction.get("status") not in (None, "none")
                else None)
        view = {"verdict": None, "customer": customer or None, "terminal": last, "reasons": [], "source": "transcript"}
    cust, tx = view["customer"] or {}, view["terminal"] or {}
    diffs = []
    ca, ta = _amount(cust.get("amount")), _amount(tx.get("amount"))
    if ca is not None and ta is not None and ca != ta:
        diffs.append({"field": "amount", "customer": f"{ca:.2f}", "terminal": f"{ta:.2f}",
                      "text": T("Amounts differ: the customer shows {customer}, the terminal recorded {terminal}.",
                                customer=f"{ca:.2f}", terminal=f"{ta:.2f}").to_json()})
    approved = tx.get("approved") if "approved" in tx else (
        {"approved": True, "declined": False}.get(str(tx.get("status"))) if tx else None)  # not reported: no claim
    if cust and tx and approved is False:
        diffs.append({"field": "status", "customer": "charged", "terminal": "not approved",
                      "text": T("The customer shows a payment; the terminal recorded it as not approved.").to_json()})
    if view["verdict"] is None:
        if not tx:
            view["verdict"] = "unknown"
        elif diffs:
            view["verdict"] = "mismatch"
        else:
            view["verdict"] = "charged" if approved else "not_charged"
        if tx and not cust:
            view["reasons"].append({"code": "terminal_only", "text": T(
                "Only the terminal's record: no customer evidence was recorded.").to_json()})
    view["differences"] = diffs
    return view


def verdict_text(verdict: str, *, typed: bool = False) -> dict[str, Any]:
    """The verdict in words, as a record keeps a message (`Text.to_json`)."""
    said = (TYPED_VERDICTS if typed else VERDICTS).get(verdict)
    return (said if said is not None else Text(verdict, inline={"en": verdict, "zh": verdict})).to_json()
