"""Commands the program suggests, ready to paste: they repeat the device options the run used, and the line that
says under which run id the run was saved."""

from __future__ import annotations

import shlex

from pos_doctor.i18n import Text

SAVED = Text("Saved as run {id} — `pos-doctor report {id}`", "已保存为记录 {id}——查看报告：`pos-doctor report {id}`")
NOT_SAVED = Text("Not recorded (--no-record or records.enabled = false): there is no run id to quote.",
                 "未记录（`--no-record` 或 `records.enabled = false`）：没有可提供的记录编号。")


def device_args(device: dict | None, lang: str | None = None) -> str:
    """' --simulate paper-out --lang zh' — the options to append to a suggested command ('' when none): the device
    dict's, as their declarations spell them (cli/device_options.py); then the language."""
    from pos_doctor.cli.device_options import DeviceOptions

    parts = [shlex.quote(word) for word in DeviceOptions.from_device(device or {}).args()]
    if lang:
        parts += ["--lang", lang]
    return "".join(" " + p for p in parts)


def command(words: str, device: dict | None, lang: str | None = None) -> str:
    return f"pos-doctor {words}{device_args(device, lang)}"


def saved_line(run_id: int | None, recording: bool = True) -> Text | None:
    """The run-id line every check and fix ends with (None: recording was on but failed; the recorder warned)."""
    if run_id is not None:
        return SAVED.format(id=run_id)
    return None if recording else NOT_SAVED


def escalation_contact(cfg, run_id: int | None, terminal_id: str | None = None) -> Text:
    """"Call X at Y. Give them merchant ID …, terminal ID … and the facts above. Your own reference: run 24." — the
    provider searches by the identifiers and the payment's facts; the run id means something only to the shop.
    From [support] and [shop] in pos-doctor.toml; without a number, where to put it so it is shown next time."""
    from pos_doctor.records.scrubbing import support_shown

    sup = support_shown(cfg.section("support") if hasattr(cfg, "section") else {})
    shop = cfg.section("shop") if hasattr(cfg, "section") else {}
    who_en = sup.get("provider") or "your payment provider"
    who_zh = sup.get("provider") or "支付服务商"
    at = sup.get("phone") or sup.get("email")
    when = f" ({sup['hours']})" if sup.get("hours") else ""
    when_zh = f"（{sup['hours']}）" if sup.get("hours") else ""
    terminal_id = terminal_id or shop.get("terminal_id")
    ids_en = [f"{en} {v}" for en, v in (("merchant ID", shop.get("merchant_id")), ("terminal ID", terminal_id)) if v]
    ids_zh = [f"{zh} {v}" for zh, v in (("商户号", shop.get("merchant_id")), ("终端号", terminal_id)) if v]
    give = "Give them " + ", ".join(ids_en) + (" and " if ids_en else "") + "the facts above."
    give_zh = "告诉对方" + "、".join(ids_zh) + (" 以及" if ids_zh else "") + "上面的信息。"
    if run_id is not None:
        give += f" Your own reference: run {run_id} (`pos-doctor report {run_id}` prints all of it for them)."
        give_zh += f"本店自己的参考编号：记录 {run_id}（`pos-doctor report {run_id}` 可打印全部信息交给对方）。"
    if at:
        return Text(f"Call {who_en} at {at}{when}. {give}", f"请联系{who_zh}：{at}{when_zh}。{give_zh}")
    return Text(f"Call {who_en}. {give} (Put their number in pos-doctor.toml under [support] phone = \"…\" "
                "to have it shown here.)",
                f"请联系{who_zh}。{give_zh}"
                "（在 pos-doctor.toml 的 `[support]` 中填写 `phone = \"…\"`，这里就会显示电话。）")
