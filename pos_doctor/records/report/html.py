"""The evidence report as one self-contained HTML page (print CSS; the PDF is this page printed by Chromium).

The summary opens with the payment's headline, then the customer's evidence beside every terminal record that
matched (one column each, a differing value marked in red), then the request to the provider with the facts they
search by. Columns carry `data-side` ("customer" / "terminal") so a reader — and a test — knows which side a value
is on."""

from __future__ import annotations

import html
from typing import Any

from pos_doctor.records.report.words import (
    L,
    by_whom,
    check_name,
    colon,
    contacts,
    head_rows,
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

# (a backslash at a line's end joins the next line to it: the lines below are the CSS as sent, wrapped for reading)
CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;max-width:60rem;\
margin:0 auto;color:#111;padding:0 1rem 2rem}
h1{font-size:1.5rem;margin:.8rem 0 .4rem}h2{font-size:1.2rem;margin-top:1.4rem;border-bottom:2px solid #333}\
h3{font-size:1.05rem;margin-top:1.2rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;\
vertical-align:top}
th{background:#eee}.ok{color:#176b17}.warning{color:#8a5a00}.critical{color:#a00;font-weight:bold}
.banner{background:#b00020;color:#fff;font-weight:bold;text-align:center;padding:.35rem;letter-spacing:.05em}
.contacts{display:flex;gap:1rem;margin:.4rem 0}.contacts div{flex:1;border:1px solid #bbb;padding:.4rem .6rem}
.contacts b{display:block;font-size:.8rem;color:#555;text-transform:uppercase}.contacts .src{display:block;\
font-size:.8rem;color:#8a5a00}
.summary{border:2px solid #333;padding:.2rem .8rem .6rem;margin-top:.6rem}\
.summary>table>tbody>tr>th,.summary>table>tr>th{width:11rem}
.headline{font-size:1.2rem;font-weight:bold;padding:.5rem .7rem;margin:.5rem 0;border-left:.4rem solid #a00;\
background:#fff1f1}
.headline.charged,.headline.not_charged{border-color:#176b17;background:#f1fff1}
.verdict{font-size:1.05rem;font-weight:bold;margin-bottom:.3rem}.verdict.mismatch,.verdict.unknown{color:#a00}\
.verdict.charged{color:#174f8a}
.verdict.not_charged{color:#176b17}
table.payment th{white-space:nowrap}table.payment th[data-side]{white-space:normal}
table.payment td[data-side=customer]{background:#f4f7ff}
table.payment td.diff{background:#ffe3e3;font-weight:bold;color:#900}.diffnote{color:#a00;font-weight:bold;\
margin:.3rem 0}
.ask p{margin:.1rem 0 .4rem;font-weight:bold}.ask table th{width:14rem;font-weight:normal}.ask td{font-weight:bold;\
font-family:inherit}
.byhand{color:#8a5a00;font-weight:bold}
ol,ul{margin:.2rem 0 .2rem 1.4rem;padding:0}.muted{color:#555}
@media screen{thead .banner{position:sticky;top:0}}
table.page,table.page>*>tr>td{border:0;padding:0}
@page{margin:12mm}
@media print{body{margin:0;max-width:none;font-size:9.5pt;padding:0}
h2,h3{break-after:avoid}tr{break-inside:avoid}th{background:#ddd!important}\
table.payment td.diff{background:#ffd0d0!important}
.headline{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.banner{background:#b00020!important;color:#fff!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


DIFF = ' class="diff"'


def e(s: Any) -> str:
    return html.escape(str(s))


def kv_table(rows: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows) + "</table>"


def _payment(p: dict, lang: str, offset: str | None) -> str:
    out = f"<div class=\"verdict {e(p['verdict'])}\">{e(text(p['verdict_text'], lang))}</div>"
    if p.get("decided_by"):
        out += f"<div class=\"source\">{e(L['decided_by'](lang))}{e(colon(lang))}{e(source_text(p, lang))}</div>"
    heads, rows = payment_table(p, lang, offset)
    if rows:
        sides = ["customer"] + ["terminal"] * (len(heads) - 1)
        out += ("<table class=\"payment\"><tr><th></th>"
                + "".join(f"<th data-side=\"{s}\">{e(h)}</th>" for s, h in zip(sides, heads, strict=True)) + "</tr>"
                + "".join(f"<tr data-field=\"{e(k)}\"><th>{e(k)}</th>" + "".join(
                    f"<td data-side=\"{s}\"{DIFF if d else ''}>{e(v)}{' ⚠' if d else ''}</td>"
                    for s, v, d in zip(sides, cells, flags, strict=True)) + "</tr>" for k, cells, flags in rows)
                + "</table>")
    out += "".join(f"<div class=\"diffnote\">⚠ {e(text(d['text'], lang))}</div>" for d in p.get("differences") or [])
    out += "".join(f"<div class=\"muted\">{e(text(r.get('text'), lang))}</div>" for r in p.get("reasons") or [])
    return out


def _ask(ask: dict, lang: str) -> str:
    return (f"<div class=\"ask\"><p>{e(text(ask['request'], lang))}</p><table>"
            + "".join(f"<tr data-fact=\"{e(f['key'])}\"><th>{e(text(f['label'], lang))}</th>"
                      f"<td>{e(text(f['value'], lang))}</td></tr>"
                      for f in ask.get("facts") or []) + "</table></div>")


def _tried(items: list[tuple[str, str]]) -> str:
    return "<ol>" + "".join(f"<li>{e(x)}"
                            + (f" <span class=\"byhand\">— {e(by)}</span>" if by and "--yes" not in x else "") + "</li>"
                            for x, by in items) + "</ol>"


def summary(m: dict, lang: str) -> str:
    sm = m["summary"]
    p = sm.get("payment")
    head = ""
    if p and p.get("headline"):
        head = f"<div class=\"headline {e(p.get('case') or '')}\">{e(text(p['headline'], lang))}</div>"
    rows = [(L["what"](lang), e(text(sm["what"], lang))),
            (L["when_local"](lang), e(sm["when"] or L["not_reported"](lang))),
            (L["terminal"](lang), e(terminal_line(sm["terminal"], lang)))]
    if sm.get("findings"):
        rows.append((L["findings"](lang), "<ul>" + "".join(
            f"<li><span class=\"{e(f['status'])}\">{e(word(f['status'], lang))}</span> — "
            f"{e(text(f['message'], lang))}</li>"
            for f in sm["findings"]) + "</ul>"))
    if p:
        rows.append((L["payment"](lang), _payment(p, lang, sm.get("utc_offset"))))
    if sm.get("ask"):
        rows.append((L["ask"](lang), _ask(sm["ask"], lang)))
    for heading, items in tried(m, lang):
        rows.append((heading, _tried(items)))
    rows.append((L["outcome"](lang), f"<b>{e(text(sm['outcome'], lang))}</b>"))
    return (f"<section class=\"summary\"><h2>{e(L['summary'](lang))}</h2>{head}<table>"
            + "".join(f"<tr><th>{e(k)}</th><td>{v}</td></tr>" for k, v in rows) + "</table></section>")


def _answer(s: dict, lang: str) -> str:
    by = by_whom(s.get("answered_by"), lang)
    return e(word(s["answer"], lang)) + (f"<div class=\"byhand\">{e(by)}</div>" if by else "")


def render_html(m: dict, lang: str = "en", stats: list[dict] | None = None) -> str:
    """`stats` is accepted for callers of the older signature and ignored: an incident report carries no chart."""
    sm = m["summary"]
    banner = f"<div class=\"banner\">{e(L['sim_banner'](lang))}</div>" if m["simulated"] else ""
    parts = [banner, f"<h1>{e(L['incident'](lang))} — #{e(m['run_id'])}</h1>"]
    shop, sup, note = contacts(sm, lang)
    src = f"<span class=\"src\">{e(note)}</span>" if note else ""
    parts.append(f"<div class=\"contacts\"><div><b>{e(L['shop'](lang))}</b>{e(shop)}{src}</div>"
                 f"<div><b>{e(L['support'](lang))}</b>{e(sup)}{src}</div></div>")
    parts.append(summary(m, lang))
    parts.append(f"<h2>{e(L['details'](lang))}</h2>" + kv_table(head_rows(m, lang)))
    parts.append(f"<h3>{e(L['checks'](lang))}</h3>")
    if m["checks"]:
        parts.append(f"<table><tr><th>{e(L['check'](lang))}</th><th>{e(L['status'](lang))}</th>"
                     f"<th>{e(L['message'](lang))}</th></tr>"
                     + "".join(f"<tr><td>{e(check_name(c['id'], lang))}</td>"
                               f"<td class=\"{e(text(c['status'], lang))}\">{e(word(c['status'], lang))}</td>"
                               f"<td>{e(text(c['message'], lang))}</td></tr>" for c in m["checks"]) + "</table>")
    else:
        parts.append(f"<p>{e(L['none'](lang))}</p>")
    parts.append(f"<h3>{e(L['tx'](lang))}</h3>")
    tx = m["last_transaction"]
    parts.append(kv_table(tx_rows(tx, lang)) if tx else f"<p>{e(L['none'](lang))}</p>")
    if m.get("payment"):
        parts.append(f"<h3>{e(L['payment_check'](lang))}</h3>" + kv_table(payment_details(m, lang)))
    parts.append(f"<h3>{e(L['steps'](lang))}</h3>")
    if m["steps"]:
        parts.append(f"<table><tr><th>#</th><th>{e(L['step'](lang))}</th><th>{e(L['answer'](lang))}</th>"
                     f"<th>{e(L['result'](lang))}</th></tr>"
                     + "".join(f"<tr><td>{i + 1}</td><td>{e(text(s['title'] or s['id'], lang))}</td>"
                               f"<td>{_answer(s, lang)}</td><td>{e(text(s['result'], lang))}</td></tr>"
                               for i, s in enumerate(m["steps"])) + "</table>")
    else:
        parts.append(f"<p>{e(L['none'](lang))}</p>")
    if m["recorded"]:
        rows = [(text(k, lang), text(v, lang)) for k, v in recorded(m)]
        parts.append(f"<h3>{e(L['recorded'](lang))}</h3>" + kv_table(rows))
    parts.append(f"<h3>{e(L['note'](lang))}</h3><p>{e(text(m['note'], lang) or L['none'](lang))}</p>")
    from pos_doctor.i18n import LOCALES

    html_lang = LOCALES.get(lang, lang).replace("_", "-")  # zh_CN -> zh-CN, de, en
    title = f"{L['incident'](lang)} #{m['run_id']}" + (f" — {L['sim_banner'](lang)}" if m["simulated"] else "")
    body = "\n".join(parts[1:])
    if banner:  # a table header repeats on every printed page: the banner is on every page of the PDF
        body = (f"<table class=\"page\"><thead><tr><td>{banner}</td></tr></thead>"
                f"<tbody><tr><td>{body}</td></tr></tbody></table>")
    return (f"<!DOCTYPE html><html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{e(title)}</title><style>{CSS}</style></head><body>"
            + body + "</body></html>\n")
