"""`pos-doctor ports`: serial ports (description, VID:PID, who holds each), USB receipt printers, and on Windows the
spooler's printers."""

from __future__ import annotations

import json
import sys

import typer

from pos_doctor.cli.device_options import Lang

app = typer.Typer(add_completion=False)


@app.command(help="List serial ports, USB printers and who holds them. 列出串口、USB 打印机及占用它们的程序。")
def ports(json_out: bool = typer.Option(False, "--json"), lang: Lang = None,
          show_phantom: bool = typer.Option(False, "--all", help="Also list phantom /dev/ttyS* ports.")) -> None:
    from pos_doctor.link.ports import list_ports, list_spooler_printers, list_usb_printers
    from pos_doctor.ui.console import Env

    from pos_doctor.cli.language import command_lang

    env = Env.create(command_lang(lang))
    found = [p for p in list_ports(with_holders=True) if show_phantom or not p.phantom]
    usb, usb_problem = list_usb_printers()
    spooler = list_spooler_printers()
    if json_out:
        env.write(json.dumps({
            "serial": [{"device": p.device, "description": p.description, "vid_pid": p.vid_pid or None,
                        "serial_number": p.serial_number, "hwid": p.hwid, "phantom": p.phantom, "holder": p.holder}
                       for p in found],
            "usb": [d.to_json() for d in usb], "usb_problem": usb_problem,
            "spooler": [p.to_json() for p in spooler]}, ensure_ascii=False, indent=2))
        return
    zh = env.lang == "zh"
    if not found:
        env.write("未找到串口。请检查 USB 数据线；网络POS机请用 socket://主机:端口。" if zh else
                  "No serial ports found. Check the USB cable; for a network terminal use socket://host:port.")
    else:
        head = ("端口", "说明", "VID:PID", "占用者") if zh else ("PORT", "DESCRIPTION", "VID:PID", "HELD BY")
        env.write(f"{head[0]:<16} {head[1]:<32} {head[2]:<10} {head[3]}")
        for p in found:
            note = ("（无硬件）" if zh else " (phantom)") if p.phantom else ""
            env.write(f"{p.device:<16} {(p.description + note)[:32]:<32} {p.vid_pid or '-':<10} {p.holder or '-'}")
    env.write("")
    _usb_table(env, usb, usb_problem, zh)
    if spooler:
        env.write("")
        env.write("Windows 打印机（用 --printer \"spooler:名称\"）：" if zh else "Windows printers (use --printer \"spooler:NAME\"):")
        for p in spooler:
            env.write(f"  {p.name}  ({p.port_name or '-'})")


def _usb_table(env, usb, problem, zh: bool) -> None:
    if problem is not None:
        env.write("无法读取 USB 设备列表。请重新安装 pos-doctor（它会装上 libusb-package）。" if zh else
                  f"USB devices could not be listed: {problem}. Reinstall pos-doctor (it brings libusb-package).")
        if not usb:
            return
    elif not usb:
        env.write("未找到 USB 打印机。请检查打印机的 USB 数据线和电源。" if zh else
                  "No USB printers found. Check the printer's USB cable and power.")
        return
    head = ("USB 打印机地址", "品牌", "型号") if zh else ("USB PRINTER", "MAKER", "MODEL")
    env.write(f"{head[0]:<34} {head[1]:<18} {head[2]}")
    for d in usb:
        if sys.platform == "win32":  # libusb reads names only through WinUSB; the spooler list names the printer
            unread = "（名称不可读：由 Windows 驱动管理）" if zh else " (name not readable: held by its Windows driver)"
        else:
            unread = "（无权限读取，见 udev 规则）" if zh else " (not readable: see the udev rule)"
        model = " ".join(x for x in (d.manufacturer, d.product) if x) or (unread if d.note else "-")
        env.write(f"{d.address:<34} {(d.maker or '-'):<18} {model}")
