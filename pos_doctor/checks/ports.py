"""Where the checks reach the devices: the link to the terminal or the printer, opened once per session.

Links are opened through pos_doctor.link.open_link, exactly as for hardware (a simulated device is one more
backend there), or taken from an open CheckSession (ctx.resources).
"""

from __future__ import annotations

from pos_doctor.checks.runner import CheckContext
from pos_doctor.i18n import Text

NO_TERMINAL = Text("no terminal configured (--terminal or terminal.port)")
NO_PRINTER = Text("no receipt printer configured (--printer or printer.port)")


def ports_hint(exc, device: str, option: str) -> Text:
    """A port that does not exist: the cable, the name that was given, and the ports this PC has."""
    listed = ", ".join(getattr(exc, "available", None) or []) or None
    return Text(f"Check the {device}'s cable and the port name ({option}). Ports on this PC: {listed or 'none found'}; "
                "`pos-doctor ports` lists them.",
                f"检查{'POS机' if device == 'terminal' else '打印机'}数据线和端口名（{option}）。"
                f"本机串口：{listed or '未找到'}；"
                "运行 `pos-doctor ports` 查看。")


def port_problem_hint(device: str) -> Text:
    return Text(f"Check the {device} port setting (path or socket://host:port), the cable and the device's power.",
                f"检查{'POS机' if device == 'terminal' else '打印机'}端口设置（串口路径，或网络地址 "
                f"`socket://主机:端口`）、数据线和设备电源。")


def device_link(ctx: CheckContext, name: str):
    held = ctx.resources.get(f"{name}_link")
    if held is not None:
        return held
    from pos_doctor.link import LineSettings, open_link

    o = ctx.options
    port = o.terminal if name == "terminal" else o.printer
    baud = o.baud if name == "terminal" else o.printer_baud
    link = open_link(port or "", LineSettings(baudrate=baud, parity=o.parity, stopbits=o.stopbits), name=name,
                     tracer=ctx.resources.get("tracer"))
    ctx.resources[f"{name}_link"] = link
    ctx.resources.setdefault("_opened", []).append(link)
    return link
