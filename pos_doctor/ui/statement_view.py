"""The screen of `pos-doctor statement import`: plain lines in the person's language, from the JSON-ready answer of
statements.match.compare (the same data `--json` prints)."""

from __future__ import annotations

from pos_doctor.i18n import Text

_STATE = {"refunded": ("refunded", "已退款"), "partly_refunded": ("partly refunded", "部分退款"),
          "reversed": ("reversed", "已撤销"), "failed": ("failed", "失败"),
          "unknown": ("state unknown", "状态无法识别"),
          "approved": ("paid", "已支付")}
SOURCE = {"history": Text("the terminal readings recorded by earlier fix walks"),
          "terminal": Text("read from the terminal just now"),
          "walk": Text("read from the terminal during this walk")}


def _n(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _row(r: dict, lang: str) -> str:
    amount = r.get("amount")
    number = r.get("order_number") or r.get("provider_number") or r.get("trace_number")
    if lang == "zh":
        parts = [f"{amount} 元" if amount else "金额未列出", r.get("time") or "时间未列出",
                 f"订单号 {number}" if number else "无订单号"]
        if r.get("card"):
            parts.append(f"卡号 {r['card']}")
        return "，".join(parts) + f"（第 {r['line']} 行）"
    parts = [amount or "amount not given", r.get("time") or "time not given",
             f"order {number}" if number else "no order number"]
    if r.get("card"):
        parts.append(f"card {r['card']}")
    return ", ".join(parts) + f" (line {r['line']})"


def statement_lines(result: dict, lang: str, source: str | None) -> list[str]:
    zh = lang == "zh"
    st, totals = result["statement"], result["totals"]
    out = [st["label"][lang] + ("" if zh else f" ({st['file']}, {st['encoding'].upper()})")]
    if zh:
        out.append(f"文件：{st['file']}")
    day = result.get("day")
    head = (f"{day}：" if day else "全部日期：") if zh else (f"Day {day}: " if day else "All days: ")
    if zh:
        out.append(head + f"成功付款 {totals['payments']} 笔，共 {totals['amount']} 元；"
                   f"退款 {totals['refunds']} 笔，共 {totals['refunded']} 元；"
                   f"手续费 {totals['fees']} 元；净额 {totals['net']} 元。")
    else:
        out.append(head + f"{_n(totals['payments'], 'payment')}, {totals['amount']}; "
                   f"{_n(totals['refunds'], 'refund')}, {totals['refunded']}; "
                   f"fees {totals['fees']}; net {totals['net']}.")
    term = result["terminal"]
    if not term["available"] and term.get("history_error"):
        out.append(f"没有POS机记录可比对：历史记录无法读取（{term['history_error']['zh']}）。上面是账单本身的合计。"
                   if zh else
                   f"No terminal records to compare: the history could not be read ({term['history_error']['en']}). "
                   "The totals above are the statement's own.")
    elif not term["available"]:
        out.append("没有POS机记录可比对：历史记录里没有POS机交易读数，也没有用 `--terminal` "
                   "读取POS机。上面是账单本身的合计。"
                   if zh else "No terminal records to compare: no terminal readings in the history, and no --terminal "
                   "given. The totals above are the statement's own.")
    else:
        src = SOURCE.get(source or "", Text("the terminal's records"))(lang)
        n, found, missing = term["payments"], len(result["in_statement"]), result["missing"]
        if zh:
            out.append(f"POS机当天成功的付款（{src}）：{n} 笔；在账单里 {found} 笔，账单里没有 {len(missing)} 笔。")
        else:
            out.append(f"The terminal's approved payments of the day ({src}): {n}; in the statement {found}, "
                       f"MISSING from it {len(missing)}.")
        for m in missing:
            out.append(("  - 账单里没有：" if zh else "  - missing: ") + m["text"][lang])
        for m in result["in_statement"]:
            if m["state"] not in ("approved",):
                w = _STATE.get(m["state"], _STATE["unknown"])
                out.append((f"  - 在账单里，但{w[1]}：" if zh else f"  - in the statement but {w[0]}: ")
                           + _row(m["row"], lang))
    for key, en, zhw in (("refunded", "Refunded", "已退款"), ("reversed", "Reversed (cancelled)", "已撤销"),
                         ("failed", "Failed", "失败"), ("unknown_state", "State not known", "状态无法识别"),
                         ("duplicated", "The same order number more than once", "同一订单号出现多次")):
        rows = result[key]
        if rows:
            out.append(f"{zhw}：{len(rows)} 笔" if zh else f"{en}: {len(rows)}")
            out.extend("  - " + _row(r, lang) for r in rows[:20])
            if len(rows) > 20:
                out.append(f"  ……另有 {len(rows) - 20} 笔" if zh else f"  ... {len(rows) - 20} more")
    p = result["payment"]
    if p["verdict"] != "not_asked":
        a = p["asked"]
        what = [x for x in (a["amount"] and (f"{a['amount']} 元" if zh else a["amount"]), a["time"],
                            a["order"] and (f"订单号 {a['order']}" if zh else f"order {a['order']}")) if x]
        out.append((f"所查的付款（{'，'.join(what)}）：" if zh else f"The payment asked about ({', '.join(what)}): ")
                   + p["text"][lang])
        out.extend("  - " + _row(r, lang) for r in p["rows"][:5])
    return out
