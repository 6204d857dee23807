"""A playbook as a printed procedure for the shop's binder: numbered steps, where each answer leads, who to call.
Plain text or Markdown; one language."""

from __future__ import annotations

from pos_doctor.i18n import Text

L = {
    "checks": Text("Checks first", "先检查"), "step": Text("Step", "第"), "go": Text("go to step", "转到第"),
    "then": Text("then continue with step", "然后继续第"), "yes": Text("Yes", "是"), "no": Text("No", "否"),
    "unsure": Text("Not sure", "不确定"), "ok": Text("Passes", "通过"), "fail": Text("Fails", "未通过"),
    "record": Text("Write down", "记录"), "call": Text("Contact", "联系"), "evidence": Text("Have ready", "准备好"),
    "follow": Text("Follow the procedure", "按照流程"), "prevention": Text("Prevention", "预防建议"),
    "done": Text("End", "结束"), "optional": Text("optional", "可不填"), "only_if": Text("Only if", "仅当"),
    "verify": Text("pos-doctor then re-checks", "pos-doctor 随后重新检查"), "auto": Text("pos-doctor does this", "由 pos-doctor 完成"),
    "error": Text("If it fails", "若失败"), "recheck": Text("pos-doctor checks again", "pos-doctor 重新检查"), "next": Text("Otherwise continue with step", "否则继续第"),
}
EVIDENCE = {
    "last_transaction": Text("the terminal's last payment (amount, time, trace number)", "终端最后一笔交易（金额、时间、流水号）"),
    "check_results": Text("the check results", "检查结果"), "steps_taken": Text("the steps you tried", "已尝试的步骤"),
    "trace": Text("the wire trace", "通信记录"), "customer_amount": Text("the customer's amount", "客人出示的金额"),
    "customer_time": Text("the customer's time", "客人出示的时间"), "missing_amount": Text("the missing amount", "未到账金额"),
    "missing_time": Text("the time of the payment", "交易时间"), "contact_notes": Text("your notes", "备注"),
    "customer_phone": Text("the customer's phone (masked)", "客人电话（已打码）"),
    "payment": Text("the verdict on the payment, its reasons and the terminal's transactions compared",
                    "付款核对结论、依据和比对过的POS机交易"),
}
VERDICT_BRANCH = {"charged": Text("The customer was charged", "客人已被扣款"),
                  "not_charged": Text("The customer was not charged", "客人没有被扣款"),
                  "mismatch": Text("Records and customer disagree", "记录与客人不符"),
                  "double_charge": Text("Charged twice", "重复扣款"),
                  "unknown": Text("Cannot be settled", "无法确认")}
MONEY = {"new_payment": Text("A new payment only when the terminal's records show the customer was not charged "
                             "(pos-doctor enforces it)", "只有POS机记录证明客人没有被扣款时才能重新收款（由 pos-doctor 把关）"),
         "refund": Text("A refund only when the records show the customer was charged (pos-doctor enforces it)",
                        "只有记录证明客人已被扣款时才能退货（由 pos-doctor 把关）"),
         "void": Text("A void only when the records show the customer was charged (pos-doctor enforces it)",
                      "只有记录证明客人已被扣款时才能撤销（由 pos-doctor 把关）"),
         "refund_duplicate": Text("Giving back the second payment only when the records show the customer was charged "
                                  "twice (pos-doctor enforces it)",
                                  "只有记录证明客人被重复扣款时才能退回第二笔（由 pos-doctor 把关）")}
OUTCOME = {"resolved": Text("solved", "已解决"), "not_resolved": Text("not solved", "未解决"), "escalated": Text("handed over", "已转交")}


def procedure(lib, pb, lang: str, *, markdown: bool = False) -> str:
    num = {s.id: i for i, s in enumerate(pb.steps, 1)}

    def t(key: str) -> str:
        return L[key](lang)

    def ref(sid: str | None) -> str:
        if sid is None:
            return ""
        n = num[sid]
        return f"{t('go')} {n}" + (" 步" if lang == "zh" else "")

    out: list[str] = []
    h1, h2, bullet = ("# ", "## ", "- ") if markdown else ("", "", "  - ")
    out.append(f"{h1}{pb.title(lang)}")
    if not markdown:
        out.append("=" * min(60, max(10, len(pb.title(lang)) * (2 if lang == "zh" else 1))))
    out.append(pb.summary(lang))
    out.append("")
    if pb.needs_checks:
        out.append(f"{t('checks')}: {', '.join(pb.needs_checks)}")
        out.append("")
    for i, s in enumerate(pb.steps, 1):
        head = f"{i}. " if not markdown else f"**{i}.** "
        text = s.text(lang) if s.text else ""
        lines: list[str] = []
        if s.kind == "record":
            text = f"{t('record')}: {text}" + (f" ({t('optional')})" if s.optional else "")
        elif s.kind == "action":
            text = f"{text} [{t('auto')}]"
        elif s.kind == "include":
            child = lib.get(s.playbook)
            text = f"{t('follow')} “{child.title(lang)}” (pos-doctor fix {child.id}); {t('then').lower() if lang == 'en' else t('then')} {i + 1}"
        elif s.kind == "check":
            text = f"{t('recheck')}: {', '.join(s.checks)}"
            lines += [f"{bullet}{t('ok')}: {ref(s.on_ok)}", f"{bullet}{t('fail')}: {ref(s.on_fail)}"]
        elif s.kind == "question":
            lines += [f"{bullet}{c.label(lang)}: {ref(c.goto)}" for c in s.choices]
        elif s.kind == "confirm":
            lines += [f"{bullet}{t('yes')}: {ref(s.on_yes)}", f"{bullet}{t('no')}: {ref(s.on_no)}"]
            if s.on_unsure and s.on_unsure != s.on_no:
                lines.append(f"{bullet}{t('unsure')}: {ref(s.on_unsure)}")
        elif s.kind == "escalate":
            text = f"{t('call')}: {s.to(lang)}. {text}"
            ev = [EVIDENCE.get(e, Text(e.replace("_", " "), e.replace("_", " ")))(lang) for e in s.evidence]
            if ev:
                lines.append(f"{bullet}{t('evidence')}: {', '.join(ev)}")
        elif s.kind == "reconcile":
            text = f"{text} [{t('auto')}]"
            for verdict, label in VERDICT_BRANCH.items():
                target = s.verdict_target(verdict)
                if target and (verdict != "double_charge" or s.on_double_charge):
                    lines.append(f"{bullet}{label(lang)}: {ref(target)}")
        elif s.kind == "end":
            text = f"{text} ({t('done')}: {OUTCOME[s.outcome](lang)})"
        if s.when is not None:
            lines.insert(0, f"{bullet}{t('only_if')}: {s.when.source}")
        lines[:0] = [f"{bullet}{MONEY[what](lang)}" for what in s.allows]
        if s.verify:
            lines.append(f"{bullet}{t('verify')}: {', '.join(s.verify)}")
        if s.on_error:
            lines.append(f"{bullet}{t('error')}: {ref(s.on_error)}")
        if s.goto:
            lines.append(f"{bullet}{ref(s.goto)}")
        out.append(f"{head}{text}")
        out.extend(lines)
        if markdown:
            out.append("")
    if pb.prevention:
        out.append("")
        out.append(f"{h2}{t('prevention')}")
        out.extend(f"{bullet}{tip(lang)}" for tip in pb.prevention)
    return "\n".join(out).rstrip() + "\n"
