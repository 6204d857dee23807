"""Checks that ask the payment terminal (ZVT) and the receipt printer (ESC/POS).

Terminal facts come from one Status Enquiry per run (ctx.once), shared by every terminal.* check; Diagnosis
is sent only for network.terminal. Links are opened through pos_doctor.link.open_link, exactly as for
hardware, or taken from an open CheckSession (ctx.resources).
"""

from __future__ import annotations

from datetime import datetime

from pos_doctor.checks.model import worst
from pos_doctor.checks.observe import STATUS_T4, Exchange, timed, timers_for
from pos_doctor.checks.registry import check, see
from pos_doctor.checks.runner import DEADLINE_HINT, CheckContext, result
from pos_doctor.errors import LinkClosed, LinkError, LinkTimeout, PortBusy, PortNotFound
from pos_doctor.i18n import Text

NO_TERMINAL = Text("no terminal configured (--terminal or terminal.port)", "未配置POS机（`--terminal` 或配置项 `terminal.port`）")
NO_PRINTER = Text("no receipt printer configured (--printer or printer.port)", "未配置小票打印机（`--printer` 或配置项 `printer.port`）")
NO_STATUS = Text("no status received", "未收到状态")
NOT_REPORTED = Text("terminal did not report its status", "POS机没有报告状态")
UNREPORTED_HINT = Text("Look at the terminal's screen for a message; if there is none, restart the terminal and check "
                       "again.", "查看POS机屏幕上的提示；如果没有提示，重启POS机后重新检查。")
REFUSED = Text("terminal refuses commands", "POS机拒绝指令")
# What the terminal checks import lazily (the runner imports it before the ports open): the ZVT client with its
# codecs, the code page of the terminal's texts, and the software policy's YAML reader.
ZVT = ("pos_doctor.protocols.zvt.session", "encodings.cp437")
POLICY = ("pos_doctor.checks.policy", "yaml")
DIAGNOSIS_T4 = 30.0  # the terminal calls its payment host: allow it the protocol's T4
SERVICE = {0x51, 0xC2, 0xE4, 0xDF, 0xE0}
JOURNAL = {0xF0: "end-of-day due", 0xFA: "offline transactions not cleared", 0xB1: "memory full", 0xB2: "journal full"}
CALL_TECH = Text("Call your payment provider's hotline and read them the message above.", "请致电支付服务商热线，并告诉他们上面的信息。")
# What to do about a status byte that a more specific check also reports (its playbook has the steps).
STATUS_HINTS = {
    0x62: Text("Set the terminal's date and time (or let it sync at end-of-day).", "设置POS机日期和时间（或在日结时自动同步）。"),
    0x9C: Text(UPDATE_WAIT_EN := "Only wait: an update usually takes 10 to 30 minutes and the terminal restarts by itself. Do not "
                                 "switch it off or unplug it. If nothing changes for an hour, call your payment provider's support.",
               UPDATE_WAIT_ZH := "只需等待：升级通常需要10到30分钟，完成后POS机会自动重启。不要关机，不要拔电源。"
                                 "如果一小时都没有变化，联系支付服务商技术支持。"),
    0xBF: Text("Check the terminal's power supply and socket.", "检查POS机电源适配器和插座。"),
    0xCC: Text("Refill the terminal's paper roll.", "给POS机换纸卷。"),
    **dict.fromkeys(JOURNAL, Text("Run end-of-day on the terminal.", "在POS机上执行日结。")),
}


def _ports_hint(exc, device: str, option: str) -> Text:
    """A port that does not exist: the cable, the name that was given, and the ports this PC has."""
    listed = ", ".join(getattr(exc, "available", None) or []) or None
    return Text(f"Check the {device}'s cable and the port name ({option}). Ports on this PC: {listed or 'none found'}; "
                "`pos-doctor ports` lists them.",
                f"检查{'POS机' if device == 'terminal' else '打印机'}数据线和端口名（{option}）。本机串口：{listed or '未找到'}；"
                "运行 `pos-doctor ports` 查看。")


def _port_problem_hint(device: str) -> Text:
    return Text(f"Check the {device} port setting (path or socket://host:port), the cable and the device's power.",
                f"检查{'POS机' if device == 'terminal' else '打印机'}端口设置（串口路径，或网络地址 `socket://主机:端口`）、数据线和设备电源。")


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

        # For actions outside a check run (the fix wizard) the timers fit the per-check budget; a check's own
        # exchange sets them from the run's deadline for its duration (see _exchange).
        ct = ctx.options.check_timeout
        timers = ZvtTimers(t2=min(5.0, ct * 0.7), t3=min(1.0, ct / 6), t4=min(30.0, ct), t4_status=min(10.0, ct * 0.6),
                           command=ct)
        client = ZvtClient(_link(ctx, "terminal"), transport=ctx.options.terminal_transport, timers=timers,
                           password=ctx.options.password, on_event=ctx.resources.get("on_event"))
        ctx.resources["zvt"] = client
        return client
    return ctx.once("zvt.client", make)


def _exchange(ctx: CheckContext, command: str, t4: float) -> Exchange:
    """One command to the terminal with timers that follow the run's deadline, observed (see checks.observe)."""
    from pos_doctor.protocols.zvt.session import ZvtTimers

    given, limits = timers_for(ctx.time_left(), ctx.options.timeout, t4)
    ex = Exchange(command, transport=ctx.options.terminal_transport, timers=given, limits=limits,
                  run_timeout=ctx.options.timeout)

    def call():
        client = zvt_client(ctx)
        kept = getattr(client, "timers", None)
        client.timers = ZvtTimers(t2=given["T2"], t3=given["T3"], t4=given["T4"], t4_status=given["T4"])
        stats = lambda: dict(vars(client.stats)) if hasattr(client, "stats") else {}  # noqa: E731
        before = stats()
        try:
            return getattr(client, command)(deadline=ctx.deadline)  # nothing the terminal sends extends the run
        finally:
            ex.line = {k: v - before.get(k, 0) for k, v in stats().items()}
            client.timers = kept  # the session's client outlives this run (fix actions use it afterwards)
    return timed(ex, call)


def status_exchange(ctx: CheckContext) -> Exchange:
    """The one Status Enquiry of the run, with what was observed of it."""
    def make():
        ex = _exchange(ctx, "status_enquiry", STATUS_T4)
        res = ex.result
        if res is not None:
            ctx.target.update(model=(res.device.name if res.device else None), software_version=res.software_version,
                              terminal_id=res.terminal_id)
        return ex
    return ctx.once("zvt.status", make)


def terminal_status(ctx: CheckContext):
    ex = status_exchange(ctx)
    if ex.error is not None:
        raise ex.error
    return ex.result


def _status_or_none(ctx, *, refused_ok: bool = False):
    """The status enquiry's result, or the `skipped` result of a check that has nothing to look at. A terminal that
    refuses the enquiry reports nothing about its clock, journal or printer: those checks are skipped, not ok."""
    if not ctx.options.terminal:
        return None, result("skipped", NO_TERMINAL)
    try:
        res = terminal_status(ctx)
    except LinkError as exc:
        if _runs(ctx, "link.terminal"):  # link.terminal reports the silence (one fault, one finding)
            return None, result("skipped", see("link.terminal", NO_STATUS))
        what = status_exchange(ctx).what_happened() if isinstance(exc, (LinkTimeout, LinkClosed)) else \
            Text(str(exc), exc.text("zh"))
        return None, result("unknown", Text(f"no status received: {what.en}", f"未收到状态：{what.zh}"),
                            observed=status_exchange(ctx).observed(), hint=DEADLINE_HINT if status_exchange(ctx).cut_by_deadline
                            else Text("Check that the terminal is on and its cable plugged in, then check again.",
                                      "检查POS机是否开机、数据线是否插好，然后重新检查。"))
    if res.outcome == "refused" and not refused_ok:
        return None, result("skipped", see("terminal.status", REFUSED) if _runs(ctx, "terminal.status") else REFUSED)
    return res, None


def _runs(ctx: CheckContext, cid: str) -> bool:
    """A pointer ("see ...") goes only to a check that runs in this selection; otherwise the finding stays here."""
    return ctx.selected is None or cid in ctx.selected


def _not_reported(ctx: CheckContext):
    """A check that decides from the status byte, when the terminal sent none: terminal.status says so (then this
    one points there), or - when terminal.status is not in the run - this check cannot decide."""
    if _runs(ctx, "terminal.status"):
        return result("skipped", see("terminal.status", NOT_REPORTED), observed="status not reported")
    return result("unknown", NOT_REPORTED, observed="status not reported", expected="a status byte",
                  hint=UNREPORTED_HINT)


def _unreported(res) -> bool:
    """The enquiry ended without a status byte: nothing follows from it (a missing byte is not "ready")."""
    return res.outcome != "refused" and res.terminal_status is None


@check("link.terminal", "link", Text("Terminal connection", "POS机连接"), port="terminal", timeout=None, needs=ZVT)
def link_terminal(ctx: CheckContext):
    if not ctx.options.terminal and not ctx.options.printer:
        # Nothing at the till was looked at: "all good" would be a lie, so the run cannot decide (exit 3).
        return result("unknown", Text("no terminal or printer configured: the devices were not checked",
                                      "未配置POS机和打印机：没有检查任何设备"),
                      observed="no ports", expected="--terminal / --printer or pos-doctor.toml",
                      hint=Text("Name the ports: pos-doctor check --terminal PORT --printer PORT (`pos-doctor ports` lists "
                                "them), or set terminal.port / printer.port in pos-doctor.toml. To try it without "
                                "hardware: pos-doctor check --simulate healthy.",
                                "请指定端口：`pos-doctor check --terminal 端口 --printer 端口`（`pos-doctor ports` 可列出端口），"
                                "或在 pos-doctor.toml 中设置 `terminal.port` 和 `printer.port`。没有设备时可试用："
                                "`pos-doctor check --simulate healthy`。"))
    if not ctx.options.terminal:
        return result("skipped", NO_TERMINAL)
    port = ctx.options.terminal
    ex = status_exchange(ctx)
    exc = ex.error
    if isinstance(exc, PortBusy):
        return result("unknown", Text(f"port {port} is in use by {exc.holder or 'another program'}", f"端口 {port} 被 {exc.holder or '其他程序'} 占用"),
                      observed="busy", expected="port free", playbook="terminal-not-answering",
                      hint=Text("Close the program holding the port (often the till software), then run again.", "关闭占用端口的程序（通常是收银软件）后重试。"),
                      data={"holder": exc.holder})
    if isinstance(exc, PortNotFound):
        return result("unknown", Text(f"port {port} does not exist", f"端口 {port} 不存在"), observed="missing",
                      expected="port exists", playbook="terminal-not-answering", data={"available": exc.available},
                      hint=_ports_hint(exc, "terminal", "--terminal / terminal.port"))
    if isinstance(exc, (LinkTimeout, LinkClosed)):
        return _silent_terminal(ex)
    if isinstance(exc, LinkError):
        return result("unknown", Text(f"cannot use port {port}: {exc}", f"无法使用端口 {port}：{exc.text('zh')}"),
                      playbook="terminal-not-answering", data={"error": str(exc)},
                      hint=Text(exc.hint, exc.hint_zh) if exc.hint else _port_problem_hint("terminal"))
    if exc is not None:
        raise exc
    res = ex.result
    errors = sum(ex.line.get(k, 0) for k in ("repeats", "naks_received", "naks_sent", "crc_errors", "timeouts"))
    first, done = res.first_answer_ms, ex.elapsed_ms
    th = ctx.options.thresholds
    data = {"line": ex.line, "raw": res.raw, "first_answer_ms": first, "completion_ms": done,
            "thresholds": {f"{m}_ms": th.perf(m) for m in ("first_answer", "completion")}}
    slow = worst([th.judge("completion", done), th.judge("first_answer", first)])
    expected = f"{th.expected('completion')}, {th.expected('first_answer')}"
    if errors and slow != "critical":
        return result("warning", Text(f"terminal answers on {port} ({errors} line errors)", f"POS机在 {port} 上应答（{errors} 次线路错误）"),
                      observed=f"answered, {errors} line errors", expected="answered, 0 line errors",
                      playbook="terminal-not-answering", data=data,
                      hint=Text("Check the cable; if that does not help, have a technician check the port settings (baud rate).",
                                "检查数据线；仍不行的话，请技术员检查收银机上的连接设置。"))
    if slow != "ok":
        return result(slow, Text(f"terminal answers slowly ({done / 1000:.1f} s)", f"POS机响应很慢（{done / 1000:.1f} 秒）"),
                      observed=f"first answer after {first} ms, completed after {done} ms", expected=expected,
                      data=data, hint=Text("The terminal may be busy or short of memory; if it stays slow, restart it at a quiet moment.",
                                           "POS机可能正忙或内存不足；若一直很慢，请在空闲时重启。"))
    return result("ok", Text(f"terminal answers on {port}", f"POS机在 {port} 上应答"),
                  observed=f"first answer after {first} ms, completed after {done} ms", expected=expected, data=data)


def _silent_terminal(ex: Exchange):
    """link.terminal when no complete answer came: dead only if nothing at all came back in the full time."""
    data = {**ex.data(), "line": ex.line}
    secs = ex.elapsed_ms / 1000
    if ex.cut_by_deadline:
        return result("unknown", Text(f"run deadline reached ({ex.run_timeout:g} s): {ex.what_happened().en} "
                                      f"within {secs:.1f} s", f"已到本次检查的时限（{ex.run_timeout:g} 秒）："
                                      f"{secs:.1f} 秒内{ex.what_happened().zh}"),
                      observed=ex.observed(), expected="status enquiry completed", data=data, hint=DEADLINE_HINT)
    if ex.dead:
        # A terminal that goes away mid-command (unplugged) is as silent as a dead one for staff.
        return result("critical", Text("terminal does not answer", "POS机无应答"), observed=ex.observed(),
                      expected="answer to Status Enquiry", playbook="terminal-not-answering", data=data,
                      hint=Text("Check that the terminal is switched on and its cable is plugged in.", "检查POS机是否开机、数据线是否插好。"))
    what = ex.what_happened()
    return result("critical", Text(f"terminal is on but stuck: {what.en} within {secs:.0f} s",
                                   f"POS机已开机但卡住了：{secs:.0f} 秒内{what.zh}"),
                  observed=ex.observed(), expected="status enquiry completed", playbook="terminal-not-answering", data=data,
                  hint=Text("Look at the terminal's screen; finish or cancel what it shows, or restart it, then check again.",
                            "查看POS机屏幕；完成或取消屏幕上的操作，或重启POS机，然后重新检查。"))


STATUS_PLAYBOOKS = {0x62: "terminal-clock", 0xBF: "terminal-power", 0xCC: "printer-paper",
                    **dict.fromkeys(JOURNAL, "terminal-journal")}
# A status byte that a family check reports in its own words: terminal.status points there (one fault, one finding).
FAMILY = {0x62: "terminal.clock", 0x9C: "software.terminal", 0xBF: "power.terminal", 0xCC: "printer.terminal",
          **dict.fromkeys(JOURNAL, "terminal.journal")}


@check("terminal.status", "terminal", Text("Terminal status", "POS机状态"), port="terminal", timeout=None, needs=ZVT)
def status(ctx: CheckContext):
    res, skip = _status_or_none(ctx, refused_ok=True)
    if skip:
        return skip
    code = res.terminal_status
    data = {"status_byte": None if code is None else f"{code:02X}", "outcome": res.outcome,
            "result_code": None if res.result_code is None else f"{res.result_code:02X}"}
    if res.outcome == "refused":
        rc = res.result_code
        if rc == 0x83:
            return result("critical", Text("ZVT is switched off on the terminal", "POS机已关闭收银机接口"), observed="84 83",
                          expected="00", playbook="zvt-disabled", hint=CALL_TECH, data=data)
        text = res.result or Text("terminal refused the status enquiry", "POS机拒绝了状态查询")
        return result("critical" if rc in SERVICE else "warning", text, observed=f"84 {rc:02X}", expected="00",
                      playbook="terminal-service" if rc in SERVICE else None, hint=CALL_TECH, data=data)
    if code is None:
        how = "aborted" if res.outcome == "aborted" else "completed"
        return result("unknown", Text("terminal did not report its status", "POS机没有报告自己的状态"),
                      observed=f"{how} without a status byte (not reported)", expected="a status byte (00 = ready)",
                      data=data, hint=UNREPORTED_HINT)
    text = res.terminal_status_text or Text(f"status {code:02X}", f"状态 {code:02X}")
    obs = f"{code:02X}"
    if code == 0x00:
        return result("ok", text, observed=obs, expected="00", data=data)
    family = FAMILY.get(code)
    if family and _runs(ctx, family):
        # the family check says it with its own severity and steps; here only the pointer
        return result("skipped", see(family, text), observed=obs, expected="00", data=data)
    if code in SERVICE:
        return result("critical", text, observed=obs, expected="00", playbook="terminal-service", hint=CALL_TECH, data=data)
    return result("warning", text, observed=obs, expected="00", playbook=STATUS_PLAYBOOKS.get(code),
                  hint=STATUS_HINTS.get(code, CALL_TECH), data=data)


def _drift_text(drift: float) -> Text:
    n = abs(round(drift))
    if n <= 1:
        return Text("terminal clock matches the PC", "POS机时钟与电脑一致")
    en, zh = (f"{n} s", f"{n} 秒") if n < 120 else (f"{n // 60} min", f"{n // 60} 分钟") if n < 7200 else (f"{n // 3600} h", f"{n // 3600} 小时")
    if drift > 0:
        return Text(f"terminal clock is {en} ahead of the PC", f"POS机时钟比电脑快 {zh}")
    return Text(f"terminal clock is {en} behind the PC", f"POS机时钟比电脑慢 {zh}")


@check("terminal.clock", "terminal", Text("Terminal clock", "POS机时钟"), port="terminal", timeout=None, needs=ZVT)
def clock(ctx: CheckContext):
    res, skip = _status_or_none(ctx)
    if skip:
        return skip
    hint = Text("Set the terminal's date and time (or let it sync at end-of-day).", "设置POS机日期和时间（或在日结时自动同步）。")
    if res.terminal_status == 0x62:
        return result("critical", Text("terminal reports its date/time is invalid", "POS机报告日期/时间无效"), observed="62",
                      expected="valid clock", playbook="terminal-clock", hint=hint)
    if res.terminal_time is None:
        return result("skipped", Text("terminal does not report its clock", "POS机不报告时钟"), observed="not reported")
    drift = (res.terminal_time.replace(tzinfo=None) - datetime.now()).total_seconds()
    st = "ok" if abs(drift) <= 120 else "warning" if abs(drift) <= 900 else "critical"
    return result(st, _drift_text(drift),
                  observed=f"{drift:+.0f} s", expected="within ±120 s", data={"drift_s": round(drift)},
                  playbook="terminal-clock" if st != "ok" else None, hint=hint if st != "ok" else None)


@check("terminal.journal", "terminal", Text("End-of-day", "日结"), port="terminal", timeout=None, needs=ZVT)
def journal(ctx: CheckContext):
    res, skip = _status_or_none(ctx)
    if skip:
        return skip
    if _unreported(res):
        return _not_reported(ctx)
    code = res.terminal_status
    if code in JOURNAL:
        st = "critical" if code in (0xB1, 0xB2) else "warning"
        return result(st, res.terminal_status_text or Text(JOURNAL[code], JOURNAL[code]), observed=f"{code:02X}",
                      expected="nothing pending", playbook="terminal-journal",
                      hint=Text("Run end-of-day on the terminal.", "在POS机上执行日结。"))
    return result("ok", Text("nothing pending", "无待处理事项"), observed=f"status {code:02X}: nothing pending")


@check("software.terminal", "software", Text("Terminal software", "POS机软件"), port="terminal", timeout=None, needs=ZVT + POLICY)
def software(ctx: CheckContext):
    from pos_doctor.checks.policy import default_policy_path, load_policy, version_key

    res, skip = _status_or_none(ctx, refused_ok=True)
    if skip:
        return skip
    hint = Text("Ask your payment provider to update the terminal software.", "请联系支付服务商升级POS机软件。")
    if res.terminal_status == 0x9C:
        # no walk: every one would start an update or a restart; waiting is the only advice while it runs
        return result("warning", Text("software update running — do not unplug", "正在升级软件——不要拔电源"), observed="9C",
                      hint=Text(UPDATE_WAIT_EN, UPDATE_WAIT_ZH))
    if res.outcome == "refused" and _runs(ctx, "terminal.status"):  # reported there; it tells nothing of the software
        return result("skipped", see("terminal.status", REFUSED), observed=f"84 {res.result_code:02X}")
    if res.outcome == "refused" and res.result_code == 0x83:
        return result("critical", Text("ZVT switched off (often after an update)", "收银机接口已关闭（常见于升级后）"),
                      observed="84 83", playbook="zvt-disabled", hint=CALL_TECH)
    model = res.device.name if res.device else None
    ver = res.software_version or (res.device.software_version if res.device else None)
    if not ver:
        return result("unknown", Text("terminal did not report its software version", "POS机未报告软件版本"),
                      hint=Text("Read the version on the terminal's screen (settings / info) and compare it with your "
                                "provider's current one.", "在POS机屏幕（设置/信息）上查看版本，并与服务商的当前版本比较。"))
    policy = load_policy(ctx.options.policy or default_policy_path())
    mp = policy.models.get(model or "")
    data = {"model": model, "version": ver, "policy": policy.file}
    if mp is None:
        return result("ok", Text(f"version {ver} (model {model} not in the policy)", f"版本 {ver}（型号 {model} 不在策略中）"),
                      observed=ver, data=data)
    if ver in mp.bad:
        return result("critical", Text(f"version {ver} is known bad: {mp.bad[ver]}", f"版本 {ver} 已知有问题：{mp.bad[ver]}"),
                      observed=ver, expected=mp.current or mp.minimum, playbook="terminal-software", hint=hint, data=data)
    if mp.minimum and version_key(ver) < version_key(mp.minimum):
        return result("warning", Text(f"version {ver} is outdated (minimum {mp.minimum})", f"版本 {ver} 已过时（最低 {mp.minimum}）"),
                      observed=ver, expected=f">= {mp.minimum}", playbook="terminal-software", hint=hint, data=data)
    return result("ok", Text(f"version {ver}", f"版本 {ver}"), observed=ver, expected=f">= {mp.minimum}" if mp.minimum else None, data=data)


@check("network.terminal", "network", Text("Terminal to host", "POS机联网"), port="terminal", timeout=None, needs=ZVT)
def network_terminal(ctx: CheckContext):
    if ctx.options.no_host_contact:
        return result("skipped", Text("skipped (--no-host-contact)", "已跳过（--no-host-contact）"))
    res, skip = _status_or_none(ctx)
    if skip:
        return skip
    ex = _exchange(ctx, "diagnosis", DIAGNOSIS_T4)
    if isinstance(ex.error, (LinkTimeout, LinkClosed)):
        if ex.cut_by_deadline:
            return result("unknown", Text(f"run deadline reached ({ex.run_timeout:g} s): the diagnosis had not finished",
                                          f"已到本次检查的时限（{ex.run_timeout:g} 秒）：POS机联网诊断尚未完成"),
                          observed=ex.observed(), expected="diagnosis ok", data=ex.data(), hint=DEADLINE_HINT)
        what = ex.what_happened()
        return result("critical", Text(f"diagnosis did not finish: {what.en}", f"联网诊断未完成：{what.zh}"),
                      observed=ex.observed(), expected="diagnosis ok", playbook="network-down", data=ex.data(),
                      hint=Text("Check the terminal's network cable / router.", "检查POS机网线和路由器。"))
    if ex.error is not None:
        raise ex.error
    diag = ex.result
    if diag.outcome == "completed" and diag.result_code in (0, None):
        # a completion without a result code (BMP 27) is success by the protocol: 06 0F alone means "done"
        return result("ok", Text("terminal reached its payment host", "POS机已连上支付服务商系统"), observed="diagnosis ok",
                      data={"completion_ms": ex.elapsed_ms})
    text = diag.result or Text("diagnosis failed", "诊断失败")
    code = f"{diag.result_code:02X}" if diag.result_code is not None else diag.outcome
    return result("critical", text, observed=code, expected="diagnosis ok", playbook="network-down",
                  hint=Text("Check the terminal's network cable / router.", "检查POS机网线和路由器。"))


@check("printer.terminal", "printer", Text("Terminal printer", "POS机打印机"), port="terminal", timeout=None, needs=ZVT)
def printer_terminal(ctx: CheckContext):
    res, skip = _status_or_none(ctx)
    if skip:
        return skip
    if _unreported(res):
        return _not_reported(ctx)
    if res.terminal_status == 0xCC:
        return result("warning", Text("terminal printer not ready (paper?)", "POS机打印机未就绪（缺纸？）"), observed="CC",
                      playbook="printer-paper", hint=Text("Refill the terminal's paper roll.", "给POS机换纸卷。"))
    return result("ok", Text("terminal printer ready", "POS机打印机就绪"), observed=f"status {res.terminal_status:02X}: ready")


@check("power.terminal", "power", Text("Terminal power", "POS机电源"), port="terminal", timeout=None, needs=ZVT)
def power_terminal(ctx: CheckContext):
    if not ctx.options.terminal:
        return result("skipped", NO_TERMINAL)
    hint = Text("Check the terminal's power supply and socket.", "检查POS机电源适配器和插座。")
    ex = status_exchange(ctx)
    if isinstance(ex.error, (LinkTimeout, LinkClosed)):
        if ex.dead:  # nothing at all came back in the full time: only then is power a suspect
            return result("warning", Text("terminal silent: power suspect", "POS机无应答：可能断电"),
                          observed=ex.observed(), playbook="terminal-power", hint=hint, data=ex.data())
        if ex.cut_by_deadline:
            return result("skipped", see("link.terminal", Text("no complete answer before the run deadline",
                                                              "时限内未收到完整应答")), observed=ex.observed())
        return result("ok", Text("terminal has power (it answered, but did not finish)", "POS机有电（有应答，但未完成）"),
                      observed=ex.observed(), data=ex.data())
    if ex.error is not None:
        return result("skipped", see("link.terminal", NO_STATUS))
    res = ex.result
    if res.terminal_status == 0xBF:
        return result("critical", Text("terminal supply voltage too low", "POS机供电电压过低"), observed="BF",
                      playbook="terminal-power", hint=hint)
    if _unreported(res):
        return result("ok", Text("terminal has power (it answers); supply voltage not reported",
                                 "POS机有电（有应答）；未报告供电电压"), observed="answering, status not reported")
    return result("ok", Text("terminal power fine", "POS机电源正常"), observed="answering")
