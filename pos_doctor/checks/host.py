"""Checks of the PC itself: network interfaces, DNS and the payment host, battery/mains and recent reboots."""

from __future__ import annotations

import socket
import time

from pos_doctor.checks.registry import check
from pos_doctor.checks.runner import CheckContext, result
from pos_doctor.i18n import TC, T, Text

NET_HINT = Text("Check the network cable / Wi-Fi of this PC and the shop router.")
NO_HOST = Text("no payment host configured (payment.host)")


@check("network.interfaces", "network", Text("PC network"), needs=("psutil",))
def interfaces(ctx: CheckContext):
    import psutil

    stats = psutil.net_if_stats()
    up = []
    for name, addrs in psutil.net_if_addrs().items():
        st = stats.get(name)
        if not st or not st.isup or name.lower().startswith(("lo", "loopback")):
            continue
        ips = [a.address for a in addrs if a.family in (socket.AF_INET,
                                                        socket.AF_INET6) and not a.address.startswith(("127.", "::1",
                                                                                                       "fe80"))]
        if ips:
            up.append(f"{name} {ips[0]}")
    if up:
        return result("ok", T("network up: {interface}", interface=up[0]), observed=", ".join(up),
                      expected="a non-loopback interface up with an address", data={"interfaces": up})
    return result("critical", Text("no network interface is up"), observed="none",
                  expected="a non-loopback interface up with an address", hint=NET_HINT, playbook="network-down")


def _resolve(ctx: CheckContext):
    host = ctx.options.payment_host
    return ctx.once("dns", lambda: socket.getaddrinfo(host, ctx.options.payment_port, type=socket.SOCK_STREAM))


@check("network.dns", "network", Text("Payment host name"), timeout=4.0)
def dns(ctx: CheckContext):
    host = ctx.options.payment_host
    if not host:
        return result("skipped", NO_HOST)
    t0 = time.monotonic()
    try:
        infos = _resolve(ctx)
    except OSError as exc:
        return result("critical", T("cannot resolve {host}", host=host), observed=str(exc),
                      expected="an address", hint=NET_HINT, playbook="network-down")
    addrs = sorted({i[4][0] for i in infos})
    ms = int((time.monotonic() - t0) * 1000)
    return result("ok", T("{host} → {address}", host=host, address=addrs[0]), observed=", ".join(addrs),
                  expected="an address", data={"addresses": addrs, "resolve_ms": ms})


@check("network.acquirer", "network", Text("Payment host"), timeout=4.0)
def acquirer(ctx: CheckContext):
    host, port = ctx.options.payment_host, ctx.options.payment_port
    if not host:
        return result("skipped", NO_HOST)
    try:
        infos = _resolve(ctx)
    except OSError as exc:
        return result("critical", T("cannot resolve {host}", host=host), observed=str(exc),
                      hint=NET_HINT, playbook="network-down")
    family, stype, proto, _, addr = infos[0]
    timeout = min(3.0, ctx.options.check_timeout)
    t0 = time.monotonic()
    try:
        with socket.socket(family, stype, proto) as s:
            s.settimeout(timeout)
            s.connect(addr)
    except OSError as exc:
        what = "timed out" if isinstance(exc, TimeoutError) else str(exc)
        # the system's English text is said as it is in English only; it stays in `observed` (-v, JSON)
        said = (T("timed out") if isinstance(exc, TimeoutError) else
                TC("checks.host.refused", "{detail}", detail=what) if isinstance(exc, ConnectionRefusedError)
                else TC("checks.host.error", "{detail}", detail=what))
        return result("critical", T("{host}:{port} does not accept connections ({what})", host=host, port=port,
                                    what=said),
                      observed=what, expected="TCP connection accepted", hint=NET_HINT, playbook="network-down",
                      data={"timeout_s": timeout})
    ms = int((time.monotonic() - t0) * 1000)
    th = ctx.options.thresholds
    status = th.judge("connect", ms)
    return result(status, T("{host}:{port} connected in {ms} ms", host=host, port=port, ms=ms),
                  observed=f"{ms} ms", expected=f"connected, {th.expected('connect')}",
                  data={"connect_ms": ms, "thresholds": {"connect_ms": th.perf("connect")}},
                  hint=NET_HINT if status != "ok" else None, playbook="network-down" if status != "ok" else None)


@check("power.host", "power", Text("PC power"), needs=("psutil",))
def power_host(ctx: CheckContext):
    import psutil

    data = {}
    uptime = time.time() - psutil.boot_time()
    data["uptime_s"] = int(uptime)
    bat = psutil.sensors_battery() if hasattr(psutil, "sensors_battery") else None
    hint = Text("Check the PC's power cable and socket; a reboot just now may mean a power cut.")
    if bat is not None:
        data.update(battery_percent=bat.percent, plugged=bat.power_plugged)
        if not bat.power_plugged and bat.percent < 20:
            return result("critical", T("on battery, {percent:.0f}% left", percent=bat.percent),
                          observed=f"battery {bat.percent:.0f}%, not plugged", expected="mains power", hint=hint,
                          playbook="terminal-power", data=data)
        if not bat.power_plugged:
            return result("warning", Text("running on battery (mains unplugged?)"),
                          observed=f"battery {bat.percent:.0f}%", expected="mains power", hint=hint,
                          playbook="terminal-power", data=data)
    if uptime < 600:
        # A fresh start alone is no fault (a CI machine, a PC switched on for the day): say it, do not warn.
        data["recent_start"] = True
        minutes = int(uptime // 60)
        return result("ok", T("PC power on; started {minutes} min ago — if nobody restarted it, the power may "
                                 "have been cut", minutes=minutes),
                      observed=f"uptime {int(uptime)} s", data=data)
    return result("ok", Text("PC power fine"), observed=f"uptime {int(uptime // 3600)} h", data=data)
