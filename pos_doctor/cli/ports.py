"""`pos-doctor ports`: serial ports on this PC, with description, VID:PID and who holds each."""

from __future__ import annotations

import json

import typer

from pos_doctor.cli.device_options import Lang

app = typer.Typer(add_completion=False)


@app.command(help="List serial ports and who holds them. 列出串口及占用它们的程序。")
def ports(json_out: bool = typer.Option(False, "--json"), lang: Lang = None,
          show_phantom: bool = typer.Option(False, "--all", help="Also list phantom /dev/ttyS* ports.")) -> None:
    from pos_doctor.link.ports import list_ports
    from pos_doctor.ui.console import Env

    env = Env.create(lang)
    found = [p for p in list_ports(with_holders=True) if show_phantom or not p.phantom]
    if json_out:
        env.write(json.dumps([{"device": p.device, "description": p.description, "vid_pid": p.vid_pid or None,
                               "serial_number": p.serial_number, "hwid": p.hwid, "phantom": p.phantom, "holder": p.holder}
                              for p in found], ensure_ascii=False, indent=2))
        return
    zh = env.lang == "zh"
    if not found:
        env.write("未找到串口。请检查 USB 数据线；网络终端请用 socket://主机:端口。" if zh else
                  "No serial ports found. Check the USB cable; for a network terminal use socket://host:port.")
        return
    head = ("端口", "说明", "VID:PID", "占用者") if zh else ("PORT", "DESCRIPTION", "VID:PID", "HELD BY")
    env.write(f"{head[0]:<16} {head[1]:<32} {head[2]:<10} {head[3]}")
    for p in found:
        note = ("（无硬件）" if zh else " (phantom)") if p.phantom else ""
        env.write(f"{p.device:<16} {(p.description + note)[:32]:<32} {p.vid_pid or '-':<10} {p.holder or '-'}")
