"""Checks that ask the payment terminal (ZVT) and the receipt printer (ESC/POS).

Terminal facts come from one Status Enquiry per run (ctx.once), shared by every terminal.* check; Diagnosis
is sent only for network.terminal. Links are opened through pos_doctor.link.open_link, exactly as for
hardware, or taken from an open CheckSession (ctx.resources).
"""

from __future__ import annotations

from datetime import datetime

from pos_doctor.checks.registry import check
from pos_doctor.checks.runner import CheckContext, result
from pos_doctor.errors import LinkClosed, LinkError, LinkTimeout, PortBusy, PortNotFound
from pos_doctor.i18n import Text

NO_TERMINAL = Text("no terminal configured (--terminal or terminal.port)", "未配置支付终端（--terminal 或 terminal.port）")
NO_PRINTER = Text("no receipt printer configured (--printer or printer.port)", "未配置小票打印机（--printer 或 printer.port）")
UNREACHABLE = Text("terminal did not answer; see link.terminal", "终端无应答；见 link.terminal")
REFUSED = Text("terminal refuses commands; see terminal.status", "终端拒绝指令；见 terminal.status")
SLOW_MS = 1500  # a status enquiry is answered locally; seconds mean a busy or struggling terminal
SERVICE = {0x51, 0xC2, 0xE4, 0xDF, 0xE0}
JOURNAL = {0xF0: "end-of-day due", 0xFA: "offline transactions not cleared", 0xB1: "memory full", 0xB2: "journal full"}
CALL_TECH = Text("Call your payment provider's hotline and read them the message above.", "请致电支付服务商热线，并告诉他们上面的信息。")
# What to do about a status byte that a more specific check also reports (its playbook has the steps).
STATUS_HINTS = {
    0x62: Text("Set the terminal's date and time (or let it sync at end-of-day).", "设置终端日期和时间（或在日结时自动同步）。"),
    0x9C: Text("Wait until the terminal has finished its update and restarted; do not unplug it.", "等待终端完成升级并重启；不要拔电源。"),
    0xBF: Text("Check the terminal's power supply and socket.", "检查终端电源适配器和插座。"),
    0xCC: Text("Refill the terminal's paper roll.", "给终端换纸卷。"),
    **dict.fromkeys(JOURNAL, Text("Run end-of-day on the terminal.", "在终端上执行日结。")),
}


def _ports_hint(exc, device: str, option: str) -> Text:
    """A port that does not exist: the cable, the name that was given, and the ports this PC has."""
    listed = ", ".join(getattr(exc, "available", None) or []) or None
    return Text(f"Check the {device}'s cable and the port name ({option}). Ports on this PC: {listed or 'none found'}; "
                "`pos-doctor ports` lists them.",
                f"检查{'终端' if device == 'terminal' else '打印机'}数据线和端口名（{option}）。本机串口: {listed or '未找到'}；"
                "运行 `pos-doctor ports` 查看。")


def _port_problem_hint(device: str) -> Text:
    return Text(f"Check the {device} port setting (path or socket://host:port), the cable and the device's power.",
                f"检查{'终端' if device == 'terminal' else '打印机'}端口设置（路径或 socket://主机:端口）、数据线和设备电源。")


def _link(ctx: CheckContext, name: str):
    held = ctx.resources.get(f"{name}_link")
    if held is not None:
        return held
    from pos_doctor.link import LineSettings, open_link

    o = ctx.options
    port = o.terminal if name == "terminal" else o.printer
    baud = o.baud if name == "terminal" else o.printer_baud
    link = open_link(port, LineSettings(baudrate=baud, parity=o.parity, stopbits=o.stopbits), name=name,
                     tracer=ctx.resources.get("tracer"))
    ctx.resources[f"{name}_link"] = link
    ctx.resources.setdefault("_opened", []).append(link)
    return link


def zvt_client(ctx: CheckContext):
    def make():
        held = ctx.resources.get("zvt")
        if held is not None:
            return held
        from pos_doctor.protocols.zvt.session import ZvtClient, ZvtTimers

        # The protocol's timers fit inside the check's budget, so a silent terminal is reported by the
        # client (naming the timer) rather than by the runner's cut-off.
        ct = ctx.options.check_timeout
        timers = ZvtTimers(t2=min(5.0, ct * 0.7), t3=min(1.0, ct / 6), t4=min(30.0, ct), t4_status=min(10.0, ct * 0.6),
                           command=ct)
        client = ZvtClient(_link(ctx, "terminal"), transport=ctx.options.terminal_transport, timers=timers,
                           password=ctx.options.password, on_event=ctx.resources.get("on_event"))
        ctx.resources["zvt"] = client
        return client
    return ctx.once("zvt.client", make)


def terminal_status(ctx: CheckContext):
    """The one Status Enquiry of the run."""
    def make():
        res = zvt_client(ctx).status_enquiry(deadline=ctx.deadline)
        ctx.target.update(model=(res.device.name if res.device else None), software_version=res.software_version,
                          terminal_id=res.terminal_id)
        return res
    return ctx.once("zvt.status", make)


def _status_or_none(ctx, *, refused_ok: bool = False):
    """The status enquiry's result, or the `skipped` result of a check that has nothing to look at. A terminal that
    refuses the enquiry reports nothing about its clock, journal or printer: those checks are skipped, not ok."""
    if not ctx.options.terminal:
        return None, result("skipped", NO_TERMINAL)
    try:
        res = terminal_status(ctx)
    except LinkError:
        return None, result("skipped", UNREACHABLE)
    if res.outcome == "refused" and not refused_ok:
        return None, result("skipped", REFUSED)
    return res, None


@check("link.terminal", "link", Text("Terminal connection", "终端连接"), port="terminal")
def link_terminal(ctx: CheckContext):
    if not ctx.options.terminal and not ctx.options.printer:
        # Nothing at the till was looked at: "all good" would be a lie, so the run cannot decide (exit 3).
        return result("unknown", Text("no terminal or printer configured: the devices were not checked",
                                      "未配置支付终端和打印机：没有检查任何设备"),
                      observed="no ports", expected="--terminal / --printer or pos-doctor.toml",
                      hint=Text("Name the ports: pos-doctor check --terminal PORT --printer PORT (`pos-doctor ports` lists "
                                "them), or set terminal.port / printer.port in pos-doctor.toml. To try it without "
                                "hardware: pos-doctor check --simulate healthy.",
                                "请指定端口：pos-doctor check --terminal 端口 --printer 端口（`pos-doctor ports` 可列出端口），"
                                "或在 pos-doctor.toml 中设置 terminal.port / printer.port。没有设备时可试用："
                                "pos-doctor check --simulate healthy。"))
    if not ctx.options.terminal:
        return result("skipped", NO_TERMINAL)
    port = ctx.options.terminal
    try:
        res = terminal_status(ctx)
    except PortBusy as exc:
        return result("unknown", Text(f"port {port} is in use by {exc.holder or 'another program'}", f"端口 {port} 被 {exc.holder or '其他程序'} 占用"),
                      observed="busy", expected="port free", playbook="terminal-not-answering",
                      hint=Text("Close the program holding the port (often the till software), then run again.", "关闭占用端口的程序（通常是收银软件）后重试。"),
                      data={"holder": exc.holder})
    except PortNotFound as exc:
        return result("unknown", Text(f"port {port} does not exist", f"端口 {port} 不存在"), observed="missing",
                      expected="port exists", playbook="terminal-not-answering", data={"available": exc.available},
                      hint=_ports_hint(exc, "terminal", "--terminal / terminal.port"))
    except (LinkTimeout, LinkClosed) as exc:
        # A terminal that goes away mid-command (unplugged) is as silent as a dead one for staff.
        return result("critical", Text("terminal does not answer", "终端无应答"), observed=f"{type(exc).__name__} ({getattr(exc, 'timer', None) or exc})",
                      expected="answer to Status Enquiry", playbook="terminal-not-answering", data={"timer": getattr(exc, "timer", None)},
                      hint=Text("Check that the terminal is switched on and its cable is plugged in.", "检查终端是否开机、数据线是否插好。"))
    except LinkError as exc:
        return result("unknown", Text(f"cannot use port {port}: {exc}", f"无法使用端口 {port}: {exc.text('zh')}"),
                      playbook="terminal-not-answering", data={"error": str(exc)},
                      hint=Text(exc.hint, exc.hint_zh) if exc.hint else _port_problem_hint("terminal"))
    stats = getattr(zvt_client(ctx), "stats", None)
    line = {k: getattr(stats, k) for k in ("repeats", "naks_received", "naks_sent", "crc_errors", "timeouts")} if stats else {}
    errors = sum(line.values())
    ms = res.first_answer_ms
    data = {"line": line, "raw": res.raw, "first_answer_ms": ms}
    if errors:
        return result("warning", Text(f"terminal answers on {port} ({errors} line errors)", f"终端在 {port} 上应答（{errors} 次线路错误）"),
                      observed=f"answered, {errors} line errors", expected="answered, 0 line errors",
                      playbook="terminal-not-answering", data=data,
                      hint=Text("Check the cable and the baud rate.", "检查数据线和波特率。"))
    if ms is not None and ms > SLOW_MS:
        return result("warning", Text(f"terminal answers slowly ({ms / 1000:.1f} s)", f"终端响应很慢（{ms / 1000:.1f} 秒）"),
                      observed=f"first answer after {ms} ms", expected=f"under {SLOW_MS} ms", data=data,
                      hint=Text("The terminal may be busy or short of memory; if it stays slow, restart it at a quiet moment.",
                                "终端可能正忙或内存不足；若一直很慢，请在空闲时重启。"))
    return result("ok", Text(f"terminal answers on {port}", f"终端在 {port} 上应答"),
                  observed=f"answered in {ms} ms", expected=f"under {SLOW_MS} ms", data=data)


@check("terminal.status", "terminal", Text("Terminal status", "终端状态"), port="terminal")
def status(ctx: CheckContext):
    res, skip = _status_or_none(ctx, refused_ok=True)
    if skip:
        return skip
    code = res.terminal_status if res.terminal_status is not None else res.result_code
    text = res.terminal_status_text or res.result or Text("no status", "无状态")
    obs = f"{code:02X}" if code is not None else "none"
    if res.outcome == "refused" and code == 0x83:
        return result("critical", Text("ZVT is switched off on the terminal", "终端已关闭 ZVT 接口"), observed="84 83",
                      expected="00", playbook="zvt-disabled", hint=CALL_TECH)
    if code in (0x00, None) and res.outcome != "refused":
        return result("ok", text, observed=obs, expected="00")
    if code in SERVICE:
        return result("critical", text, observed=obs, expected="00", playbook="terminal-service", hint=CALL_TECH)
    pb = {0x62: "terminal-clock", 0x9C: "terminal-software", 0xBF: "terminal-power", 0xCC: "printer-paper"}.get(code)
    pb = pb or ("terminal-journal" if code in JOURNAL else None)
    return result("warning", text, observed=obs, expected="00", playbook=pb, hint=STATUS_HINTS.get(code, CALL_TECH))


def _drift_text(drift: float) -> Text:
    n = abs(round(drift))
    if n <= 1:
        return Text("terminal clock matches the PC", "终端时钟与电脑一致")
    en, zh = (f"{n} s", f"{n} 秒") if n < 120 else (f"{n // 60} min", f"{n // 60} 分钟") if n < 7200 else (f"{n // 3600} h", f"{n // 3600} 小时")
    if drift > 0:
        return Text(f"terminal clock is {en} ahead of the PC", f"终端时钟比电脑快 {zh}")
    return Text(f"terminal clock is {en} behind the PC", f"终端时钟比电脑慢 {zh}")


@check("terminal.clock", "terminal", Text("Terminal clock", "终端时钟"), port="terminal")
def clock(ctx: CheckContext):
    res, skip = _status_or_none(ctx)
    if skip:
        return skip
    hint = Text("Set the terminal's date and time (or let it sync at end-of-day).", "设置终端日期和时间（或在日结时自动同步）。")
    if res.terminal_status == 0x62:
        return result("critical", Text("terminal reports its date/time is invalid", "终端报告日期/时间无效"), observed="62",
                      expected="valid clock", playbook="terminal-clock", hint=hint)
    if res.terminal_time is None:
        return result("skipped", Text("terminal does not report its clock", "终端不报告时钟"), observed="not reported")
    drift = (res.terminal_time.replace(tzinfo=None) - datetime.now()).total_seconds()
    st = "ok" if abs(drift) <= 120 else "warning" if abs(drift) <= 900 else "critical"
    return result(st, _drift_text(drift),
                  observed=f"{drift:+.0f} s", expected="within ±120 s", data={"drift_s": round(drift)},
                  playbook="terminal-clock" if st != "ok" else None, hint=hint if st != "ok" else None)


@check("terminal.journal", "terminal", Text("Terminal journal / end-of-day", "终端日志/日结"), port="terminal")
def journal(ctx: CheckContext):
    res, skip = _status_or_none(ctx)
    if skip:
        return skip
    code = res.terminal_status
    if code in JOURNAL:
        st = "critical" if code in (0xB1, 0xB2) else "warning"
        return result(st, res.terminal_status_text or Text(JOURNAL[code], JOURNAL[code]), observed=f"{code:02X}",
                      expected="nothing pending", playbook="terminal-journal",
                      hint=Text("Run end-of-day on the terminal.", "在终端上执行日结。"))
    return result("ok", Text("nothing pending", "无待处理事项"), observed="nothing pending")


@check("software.terminal", "software", Text("Terminal software version", "终端软件版本"), port="terminal")
def software(ctx: CheckContext):
    from pos_doctor.checks.policy import default_policy_path, load_policy, version_key

    res, skip = _status_or_none(ctx, refused_ok=True)
    if skip:
        return skip
    hint = Text("Ask your payment provider to update the terminal software.", "请联系支付服务商升级终端软件。")
    if res.terminal_status == 0x9C:
        return result("warning", Text("software update running — do not unplug", "正在升级软件——不要拔电源"), observed="9C",
                      playbook="terminal-software", hint=Text("Wait until the terminal has restarted.", "等待终端重启完成。"))
    if res.outcome == "refused" and res.result_code == 0x83:
        return result("critical", Text("ZVT switched off (often after an update)", "ZVT 接口已关闭（常见于升级后）"),
                      observed="84 83", playbook="zvt-disabled", hint=CALL_TECH)
    model = res.device.name if res.device else None
    ver = res.software_version or (res.device.software_version if res.device else None)
    if not ver:
        return result("unknown", Text("terminal did not report its software version", "终端未报告软件版本"),
                      hint=Text("Read the version on the terminal's screen (settings / info) and compare it with your "
                                "provider's current one.", "在终端屏幕（设置/信息）上查看版本，并与服务商的当前版本比较。"))
    policy = load_policy(ctx.options.policy or default_policy_path())
    mp = policy.models.get(model or "")
    data = {"model": model, "version": ver, "policy": policy.file}
    if mp is None:
        return result("ok", Text(f"version {ver} (model {model} not in the policy)", f"版本 {ver}（型号 {model} 不在策略中）"),
                      observed=ver, data=data)
    if ver in mp.bad:
        return result("critical", Text(f"version {ver} is known bad: {mp.bad[ver]}", f"版本 {ver} 已知有问题: {mp.bad[ver]}"),
                      observed=ver, expected=mp.current or mp.minimum, playbook="terminal-software", hint=hint, data=data)
    if mp.minimum and version_key(ver) < version_key(mp.minimum):
        return result("warning", Text(f"version {ver} is outdated (minimum {mp.minimum})", f"版本 {ver} 已过时（最低 {mp.minimum}）"),
                      observed=ver, expected=f">= {mp.minimum}", playbook="terminal-software", hint=hint, data=data)
    return result("ok", Text(f"version {ver}", f"版本 {ver}"), observed=ver, expected=f">= {mp.minimum}" if mp.minimum else None, data=data)


@check("network.terminal", "network", Text("Terminal's path to its host", "终端到支付主机的连接"), port="terminal", timeout=8.0)
def network_terminal(ctx: CheckContext):
    if ctx.options.no_host_contact:
        return result("skipped", Text("skipped (--no-host-contact)", "已跳过（--no-host-contact）"))
    res, skip = _status_or_none(ctx)
    if skip:
        return skip
    diag = zvt_client(ctx).diagnosis(deadline=ctx.deadline)
    if diag.outcome == "completed" and diag.result_code in (0, None):
        return result("ok", Text("terminal reached its payment host", "终端已连上支付主机"), observed="diagnosis ok")
    text = diag.result or Text("diagnosis failed", "诊断失败")
    code = f"{diag.result_code:02X}" if diag.result_code is not None else diag.outcome
    return result("critical", text, observed=code, expected="diagnosis ok", playbook="network-down",
                  hint=Text("Check the terminal's network cable / router.", "检查终端网线和路由器。"))


def _printer_status(ctx: CheckContext):
    def make():
        held = ctx.resources.get("printer")
        if held is None:
            from pos_doctor.protocols.escpos.session import PrinterClient

            held = ctx.resources["printer"] = PrinterClient(_link(ctx, "printer"))
        return held.status()
    return ctx.once("printer.status", make)


@check("link.printer", "link", Text("Printer connection", "打印机连接"), port="printer")
def link_printer(ctx: CheckContext):
    if not ctx.options.printer:
        return result("skipped", NO_PRINTER)
    try:
        _printer_status(ctx)
    except PortBusy as exc:
        return result("unknown", Text(f"printer port is in use by {exc.holder or 'another program'}", f"打印机端口被 {exc.holder or '其他程序'} 占用"),
                      playbook="printer-fault", data={"holder": exc.holder},
                      hint=Text("Close the program holding the port (often the till software), then run again.", "关闭占用端口的程序（通常是收银软件）后重试。"))
    except PortNotFound as exc:
        return result("unknown", Text(f"printer port {ctx.options.printer} does not exist", f"打印机端口 {ctx.options.printer} 不存在"),
                      observed="missing", expected="port exists", playbook="printer-fault", data={"available": exc.available},
                      hint=_ports_hint(exc, "printer", "--printer / printer.port"))
    except LinkTimeout:
        return result("critical", Text("printer does not answer", "打印机无应答"), observed="timeout", playbook="printer-fault",
                      hint=Text("Check that the printer is on and its cable is plugged in.", "检查打印机是否开机、数据线是否插好。"))
    except LinkError as exc:
        return result("unknown", Text(f"cannot use printer port: {exc}", f"无法使用打印机端口: {exc.text('zh')}"), playbook="printer-fault",
                      hint=Text(exc.hint, exc.hint_zh) if exc.hint else _port_problem_hint("printer"))
    return result("ok", Text(f"printer answers on {ctx.options.printer}", f"打印机在 {ctx.options.printer} 上应答"), observed="answered")


PRINTER_FLAGS = [  # flag, status, playbook, en, zh  — in order of what staff should fix first
    ("unrecoverable_error", "critical", "printer-fault", "printer has an unrecoverable error", "打印机出现不可恢复错误"),
    ("cover_open", "critical", "printer-cover-open", "printer cover is open", "打印机盖未关"),
    ("paper_end", "critical", "printer-paper", "printer is out of paper", "打印机缺纸"),
    ("autocutter_error", "critical", "printer-fault", "paper cutter error", "切纸刀故障"),
    ("auto_recoverable_error", "warning", "printer-fault", "printer overheated or recoverable error", "打印机过热或可恢复错误"),
    ("paper_near_end", "warning", "printer-paper", "paper roll nearly empty", "纸卷快用完了"),
]


@check("printer.receipt", "printer", Text("Receipt printer", "小票打印机"), port="printer")
def printer_receipt(ctx: CheckContext):
    if not ctx.options.printer:
        return result("skipped", NO_PRINTER)
    try:
        st = _printer_status(ctx)
    except LinkError:
        return result("skipped", Text("printer did not answer; see link.printer", "打印机无应答；见 link.printer"))
    raw = {str(k): v for k, v in (st.raw or {}).items()}
    from pos_doctor.protocols.escpos.status import PROBLEMS

    hints = dict(PROBLEMS)
    for flag, status_, pb, en, zh in PRINTER_FLAGS:
        if getattr(st, flag, None):
            return result(status_, Text(en, zh), observed=flag, expected="ready", playbook=pb, data={"raw": raw}, hint=hints.get(flag))
    if st.online is False:
        return result("critical", Text("printer is offline", "打印机离线"), observed="offline", expected="online",
                      playbook="printer-fault", data={"raw": raw},
                      hint=Text("Press the printer's online/feed button or switch it off and on; check cover and paper.",
                                "按打印机的联机/走纸键或关机再开；检查纸仓盖和纸卷。"))
    return result("ok", Text("printer ready", "打印机就绪"), observed="ready", data={"raw": raw})


@check("printer.terminal", "printer", Text("Terminal's built-in printer", "终端内置打印机"), port="terminal")
def printer_terminal(ctx: CheckContext):
    res, skip = _status_or_none(ctx)
    if skip:
        return skip
    if res.terminal_status == 0xCC:
        return result("warning", Text("terminal printer not ready (paper?)", "终端打印机未就绪（缺纸？）"), observed="CC",
                      playbook="printer-paper", hint=Text("Refill the terminal's paper roll.", "给终端换纸卷。"))
    return result("ok", Text("terminal printer ready", "终端打印机就绪"), observed="ready")


@check("power.terminal", "power", Text("Terminal power", "终端电源"), port="terminal")
def power_terminal(ctx: CheckContext):
    if not ctx.options.terminal:
        return result("skipped", NO_TERMINAL)
    hint = Text("Check the terminal's power supply and socket.", "检查终端电源适配器和插座。")
    try:
        res = terminal_status(ctx)
    except (LinkTimeout, LinkClosed):
        return result("warning", Text("terminal silent: power suspect", "终端无应答：可能断电"), observed="no answer",
                      playbook="terminal-power", hint=hint)
    except LinkError:
        return result("skipped", UNREACHABLE)
    if res.terminal_status == 0xBF:
        return result("critical", Text("terminal supply voltage too low", "终端供电电压过低"), observed="BF",
                      playbook="terminal-power", hint=hint)
    return result("ok", Text("terminal power fine", "终端电源正常"), observed="answering")
