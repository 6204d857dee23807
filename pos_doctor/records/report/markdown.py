"""The evidence report as Markdown: the ten-second summary (headline, both sides of the payment, the request to
the provider with its facts), then the details."""

from __future__ import annotations

from pos_doctor.records.report.words import (
    L,
    bracketed,
    by_whom,
    check_name,
    colon,
    contacts,
    head_rows,
    marked,
    payment_details,
    payment_table,
    recorded,
    source_text,
    terminal_line,
    text,
    tried,
    tx_rows,
    word,
)


def cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _payment(p: dict, lang: str, offset: str | None) -> list[str]:
    c = colon(lang)
    out = [f"- **{L['payment'](lang)}**{c}**{cell(text(p['verdict_text'], lang))}**"]
    if p.get("decided_by"):
        out.append(f"- **{L['decided_by'](lang)}**{c}{cell(source_text(p, lang))}")
    heads, rows = payment_table(p, lang, offset)
    if rows:
        out += ["", "  | | " + " | ".join(cell(h) for h in heads) + " |", "  |---|" + "---|" * len(heads)]
        for k, cells, flags in rows:
            shown = [f"**{cell(v)}** ⚠" if d else cell(v) for v, d in zip(cells, flags, strict=True)]
            out.append(f"  | {cell(k)} | " + " | ".join(shown) + " |")
        out.append("")
    out += [f"  - ⚠ **{cell(text(d['text'], lang))}**" for d in p.get("differences") or []]
    out += [f"  - {cell(text(r.get('text'), lang))}" for r in p.get("reasons") or []]
    return out


def _ask(ask: dict, lang: str) -> list[str]:
    out = [f"- **{L['ask'](lang)}**{colon(lang)}{cell(text(ask['request'], lang))}", ""]
    out += ["  | | |", "  |---|---|"]
    out += [f"  | {cell(text(f['label'], lang))} | {cell(text(f['value'], lang))} |" for f in ask.get("facts") or []]
    return out + [""]


def summary(m: dict, lang: str) -> list[str]:
    sm, c = m["summary"], colon(lang)
    out = [f"## {L['summary'](lang)}", ""]
    p = sm.get("payment")
    if p and p.get("headline"):
        out += [f"> **{cell(text(p['headline'], lang))}**", ""]
    out.append(f"- **{L['what'](lang)}**{c}{cell(text(sm['what'], lang))}")
    out.append(f"- **{L['when_local'](lang)}**{c}{sm['when'] or L['not_reported'](lang)}")
    out.append(f"- **{L['terminal'](lang)}**{c}{cell(terminal_line(sm['terminal'], lang))}")
    if sm.get("findings"):
        out.append(f"- **{L['findings'](lang)}**{c}")
        out += [f"  - {cell(word(f['status'], lang))} — {cell(text(f['message'], lang))}" for f in sm["findings"]]
    if p:
        out += _payment(p, lang, sm.get("utc_offset"))
    if sm.get("ask"):
        out += _ask(sm["ask"], lang)
    for head, items in tried(m, lang):
        out.append(f"- **{head}**{c}")
        out += [f"  {i}. {cell(marked(line, by, lang))}" for i, (line, by) in enumerate(items, 1)]
    out.append(f"- **{L['outcome'](lang)}**{c}{cell(text(sm['outcome'], lang))}")
    return out + [""]


def render_md(m: dict, lang: str = "en") -> str:
    sm, c = m["summary"], colon(lang)
    banner = [f"> **{L['sim_banner'](lang)}**", ""] if m["simulated"] else []
    out = banner + [f"# {L['incident'](lang)} — #{m['run_id']}", ""]
    shop, sup, note = contacts(sm, lang)
    out.append(f"**{L['shop'](lang)}**{c}{cell(shop)}  ")
    out.append(f"**{L['support'](lang)}**{c}{cell(sup)}" + ("  " if note else ""))
    if note:
        out.append(f"*{bracketed('', cell(note), lang).strip()}*")
    out.append("")
    out += summary(m, lang)
    out += [f"## {L['details'](lang)}", ""]
    out += [f"- **{k}**{c}{cell(v)}" for k, v in head_rows(m, lang)] + [""]
    out += [f"### {L['checks'](lang)}", ""]
    if m["checks"]:
        out += [f"| {L['check'](lang)} | {L['status'](lang)} | {L['message'](lang)} |", "|---|---|---|"]
        out += [f"| {cell(check_name(x['id'], lang))} | {cell(word(x['status'], lang))} | "
                f"{cell(text(x['message'], lang))} |"
                for x in m["checks"]]
    else:
        out.append(L["none"](lang))
    out += ["", f"### {L['tx'](lang)}", ""]
    tx = m["last_transaction"]
    out += [f"- **{k}**{c}{cell(v)}" for k, v in tx_rows(tx, lang)] if tx else [L["none"](lang)]
    if m.get("payment"):
        out += (["", f"### {L['payment_check'](lang)}", ""]
                + [f"- **{k}**{c}{cell(v)}" for k, v in payment_details(m, lang)])
    out += ["", f"### {L['steps'](lang)}", ""]
    if m["steps"]:
        out += [f"| # | {L['step'](lang)} | {L['answer'](lang)} | {L['result'](lang)} |", "|---|---|---|---|"]
        out += [f"| {i + 1} | {cell(text(s['title'] or s['id'], lang))} | {cell(_answer(s, lang))} | "
                f"{cell(text(s['result'], lang))} |" for i, s in enumerate(m["steps"])]
    else:
        out.append(L["none"](lang))
    if m["recorded"]:
        out += ["", f"### {L['recorded'](lang)}", ""] + [f"- **{cell(text(k, lang))}**{c}{cell(text(v, lang))}"
                                                          for k, v in recorded(m)]
    out += ["", f"### {L['note'](lang)}", "", text(m["note"], lang) or L["none"](lang), ""]
    return "\n".join(out + banner)


def _answer(s: dict, lang: str) -> str:
    a, by = word(s["answer"], lang), by_whom(s.get("answered_by"), lang)
    if not by:
        return a
    return bracketed(a, by, lang)
