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

Every text is a message as a record keeps it (`Text.to_json()`: its id and parameters, and its English and Chinese
for older readers), or a playbook's own `{"en": ..., "zh": ..., "de": ...}`; `lines(result, lang)` says it in one
language (`Text.from_json(...)(lang)`).
"""

from __future__ import annotations

from typing import Any

from pos_doctor.i18n import TC, T, Text

ANSWERED = ("instruction", "question", "confirm", "record")
NOT_TRIED = ("include", "end", "escalate")

_WORDS = {key: TC("playbooks.transcript", en) for key, en in {
    "done": "done", "yes": "yes", "no": "no", "unsure": "not sure",
    "pass": "all pass", "fail": "not passing", "empty": "left empty",
    "again_ok": "checked again: passes", "again_bad": "checked again: still not right",
    "skipped_by_person": "skipped", "too_often": "passed over: visited too often",
    "undone": "answer withdrawn with back",
    "failed": "failed", "ran_pass": "the checks that ran pass", "unchecked": "not checked",
    "by_yes": "not done by a person: answered by --yes",
}.items()}
_WORDS["ran"] = TC("playbooks.transcript.action", "done")  # an action that ran ("已执行")


def _w(key: str) -> dict[str, Any]:
    return _WORDS[key].to_json()


def _text(value: Any) -> dict[str, Any]:
    if isinstance(value, dict) and isinstance(value.get("en"), str):
        return {**value, "zh": value["zh"] if isinstance(value.get("zh"), str) else value["en"]}
    s = "" if value is None else str(value)
    return {"en": s, "zh": s}


def _short(text: dict[str, Any]) -> dict[str, str]:
    """The step's instruction cut to its first clause:
    "Restart the terminal: switch it off…" → "Restart the terminal" (each language the playbook gives)."""
    out = {}
    for lang, s in text.items():
        if not isinstance(s, str) or lang in ("id", "context", "plural"):
            continue
        cut = len(s)
        for mark in (":", "：", ". ", "。", "?", "？", "!", "！", "\n", " (", "（"):  # no dangling bracket
            i = s.find(mark)
            if 0 < i < cut:
                cut = i
        out[lang] = s[:cut].rstrip(" ,，.") or s
    return out


_SEPARATORS = {"; ": "{first}; {then}", ", ": "{first}, {then}", ": ": "{first}: {then}"}


def _join(parts: list[dict[str, Any]], sep: str = "; ") -> dict[str, Any]:
    """Texts one after another ('a; b', 'a, b', 'a: b'), each language with its own punctuation."""
    texts = [Text.from_json(p) for p in parts if p and (p.get("en") or p.get("zh"))]
    if not texts:
        return {"en": "", "zh": ""}
    out = texts[0]
    for t in texts[1:]:
        out = T(_SEPARATORS[sep], first=out, then=t)
    return out.to_json()


def _check_result(checks: Any, passed: Any) -> dict[str, str]:
    """In the checks' own words: what failed, what could not be checked;
    "all pass" only when every one ran and passed."""
    rows = [c for c in (checks or []) if isinstance(c, dict)]
    bad = [_text(c.get("message")) for c in rows if c.get("status") not in ("ok", "skipped")]
    unchecked = [_text(c.get("message")) for c in rows if c.get("status") == "skipped"]
    if not rows:
        return _w("done")
    parts = []
    if bad:
        parts.append(_join([_w("fail"), _join(bad, ", ")], ": "))
    elif not unchecked:
        parts.append(_w("pass"))
    else:
        parts.append(_w("ran_pass"))
    if unchecked:
        parts.append(_join([_w("unchecked"), _join(unchecked, ", ")], ": "))
    return _join(parts)


def _result(e: dict) -> dict[str, str]:
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
        res = said.to_json() if said is not None else {"en": "?", "zh": "？", "de": "?"}
    else:
        res = _w("done")
    if e.get("answered_by") == "yes":  # an automatic answer is no person's action: never "done"
        res = _w("by_yes") if kind == "instruction" else _join([res, _w("by_yes")])
    verify = e.get("verify")
    if isinstance(verify, dict):
        res = _join([res, _w("again_ok" if verify.get("passed") else "again_bad")])
    return res


def _person_skipped(e: dict) -> bool:
    return e.get("answer") == "skipped" and e.get("kind") in ("instruction", "action")


def steps_carried_out(transcript: list[dict]) -> dict[str, list[dict]]:
    """Fold a walk's transcript into {"done": [...], "skipped": [...], "undone": [...]}; each item is
    {"key", "playbook", "step", "kind", "text", "result", "times"} with texts as {"en", "zh"}."""
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

    def item(e: dict, result: dict[str, str]) -> dict:
        return {"key": f"{e.get('playbook')}/{e.get('step')}", "playbook": e.get("playbook"), "step": e.get("step"),
                "kind": e.get("kind"), "text": _short(_text(e.get("text"))), "result": result, "times": 1}

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


HEADINGS = {"done": TC("playbooks.transcript", "Tried"), "skipped": TC("playbooks.transcript", "Skipped (not done)"),
            "undone": TC("playbooks.transcript", "Undone with back (not done)")}
# the headings as (English, Chinese), for callers that index them by language (records/report/words.py)
HEAD = {part: (text.en, text.zh) for part, text in HEADINGS.items()}


def item_line(it: dict, lang: str) -> str:
    """One step of the list, said in `lang` (rendered here: this is the edge the screens and reports call)."""
    text = Text.from_json(it["text"])(lang) or it["step"]
    result = Text.from_json(it["result"])(lang)
    line = text
    if it.get("times", 1) > 1:
        line = T("{text} ({times}×)", text=text, times=it["times"])(lang)
    return T("{text}: {result}", text=line, result=result)(lang) if result else line


def lines(result: dict[str, list[dict]], lang: str) -> list[tuple[str, list[str]]]:
    """[(heading, [one line per step])] for each non-empty list, in the reader's language."""
    out = []
    for part in ("done", "skipped", "undone"):
        items = result.get(part) or []
        if items:
            out.append((HEADINGS[part](lang), [item_line(it, lang) for it in items]))
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
    said = (TYPED_VERDICTS if typed else VERDICTS).get(verdict)
    return said.to_json() if said is not None else {"en": verdict, "zh": verdict}
