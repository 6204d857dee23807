"""Where the terminal's records for a statement come from: readings of the terminal journal that fix walks recorded
in the history database (their documents, read-only), or a reading made now. Pure over the documents."""

from __future__ import annotations

from datetime import date

from pos_doctor.payments.model import TerminalEvidence, TerminalRecord


def records_from_documents(docs: list[dict], day: date | None = None) -> list[TerminalRecord]:
    """The link's records in recorded fix walks (read_journal actions and the readings of reconcile steps), of `day`
    when given (by the terminal's clock). A record read twice is returned twice; the matcher counts it once."""
    out: list[TerminalRecord] = []
    for doc in docs:
        for step in doc.get("steps") or [] if isinstance(doc, dict) else []:
            if not isinstance(step, dict) or step.get("action") != "read_journal":
                continue
            data = (step.get("result") or {}).get("data") if isinstance(step.get("result"), dict) else None
            found = (data or {}).get("terminal_evidence")
            ev = TerminalEvidence.from_json(found if isinstance(found, dict) else {})
            if not ev.readable or ev.origin != "link":
                continue
            out.extend(r for r in ev.records if day is None or r.time is None or r.time.date() == day)
    return out


def records_from_store(store, day: date | None, limit: int = 2000) -> list[TerminalRecord]:
    """From a records.store.Store opened read-only: the fix runs of the last days around `day`."""
    from datetime import timedelta

    since = None if day is None else (day - timedelta(days=2)).isoformat()
    docs = []
    for row in store.history(kind="fix", since=since, limit=limit):
        run = store.get_run(row["id"])
        if run is not None:
            docs.append(run.get("document") or {})
    return records_from_documents(docs, day)
