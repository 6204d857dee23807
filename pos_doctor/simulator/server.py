"""`Simulator`: the simulated terminal and printer served on virtual serial ports (pty) or local TCP sockets."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

from .endpoints import Endpoint, Pacer, TcpServer, hold
from .printer import EscposPrinter
from .scenario import Scenario, load_scenario
from .terminal import ZvtTerminal

if TYPE_CHECKING:
    from .pty_backend import PtyEndpoint
    from .usb_device import UsbPrinterEndpoint


class Simulator:
    def __init__(self, scenario: Scenario | str = "healthy", *, link: str = "pty", tcp_framing: str = "serial",
                 baud: int | None = None, stopbits: int = 1, log=None, printer_baud: int | None = None,
                 parity: str = "N", printer_link: str | None = None):
        if link not in ("pty", "tcp"):
            raise ValueError(f"link must be 'pty' or 'tcp', not {link!r}")
        if tcp_framing not in ("serial", "zvt"):
            raise ValueError(f"tcp_framing must be 'serial' or 'zvt', not {tcp_framing!r}")
        if printer_link not in (None, "usb"):
            raise ValueError(f"printer_link must be None or 'usb', not {printer_link!r}")
        self.printer_link = printer_link  # "usb": the printer is a simulated USB device (simulator/usb_device.py)
        self.scenario = load_scenario(scenario)
        self.link = link
        self.tcp_framing = tcp_framing if link == "tcp" else "serial"
        # pacing models a serial line; ZVT-over-TCP runs at network speed
        self.baud = None if self.tcp_framing == "zvt" else (baud or 9600)
        self.printer_baud = printer_baud or baud or 9600  # the printer is on its own line, at its own speed
        self.bits_per_byte = 9 + stopbits + (0 if str(parity).upper() == "N" else 1)
        self.log = log or (lambda msg: None)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._endpoints: list = []
        self.terminal_port = ""
        self.printer_port = ""
        self.terminal: ZvtTerminal | None = None
        self.printer: EscposPrinter | None = None
        self._pacers: dict[str, Pacer] = {}
        self._printer_delays_s = 0.0

    @property
    def terminal_transport(self) -> str:
        return "tcp" if self.tcp_framing == "zvt" else "serial"

    @property
    def total_delay_ms(self) -> int:
        return self.scenario.total_delay_ms

    def _pacer(self, name: str = "terminal") -> Pacer:
        return Pacer(self.printer_baud if name == "printer" else self.baud, self.bits_per_byte, self._stop)

    def stats(self) -> dict:
        """Bytes on each line and the processing delays served so far. The physical floor of a conversation is the
        line time of its bytes plus those delays; the two devices sit on separate lines, so a client that talks to
        both at once is bounded by the slower one (`floor_s`). Subtract two snapshots to measure one run."""
        devices = {}
        for name, delays in (("terminal", self.terminal.delays_s if self.terminal else 0.0),
                             ("printer", self._printer_delays_s)):
            pacer = self._pacers.get(name)
            b_in, b_out = (pacer.bytes_in, pacer.bytes_out) if pacer else (0, 0)
            line_s = (b_in + b_out) * (pacer.byte_time if pacer else 0.0)
            devices[name] = {"bytes_in": b_in, "bytes_out": b_out, "line_s": round(line_s, 4),
                             "delays_s": round(delays, 4), "floor_s": round(line_s + delays, 4)}
        return {"baud": self.baud, "printer_baud": self.printer_baud, "bits_per_byte": self.bits_per_byte,
                "devices": devices, "bytes_on_wire": sum(d["bytes_in"] + d["bytes_out"] for d in devices.values()),
                "floor_s": max(d["floor_s"] for d in devices.values())}

    @staticmethod
    def stats_between(before: dict, after: dict) -> dict:
        """The statistics of what happened between two `stats()` snapshots."""
        devices = {}
        for name, a in after["devices"].items():
            b = before["devices"][name]
            devices[name] = {k: round(a[k] - b[k], 4) for k in a}
        return {"baud": after["baud"], "printer_baud": after.get("printer_baud"),
                "bits_per_byte": after["bits_per_byte"], "devices": devices,
                "bytes_on_wire": after["bytes_on_wire"] - before["bytes_on_wire"],
                "floor_s": max(d["floor_s"] for d in devices.values())}

    def _serve_printer(self, ep: Endpoint) -> None:
        printer = self.printer
        if printer is None:  # not started
            return
        spec = printer.spec
        while not self._stop.is_set():
            data = ep.read(0.2)
            if not data or spec.dead:
                continue
            for reply in printer.feed(data):
                self._printer_delays_s += spec.delay_ms / 1000
                if hold(ep, spec.delay_ms / 1000, self._stop):
                    return
                ep.write(reply)

    def start(self) -> "Simulator":
        sc = self.scenario
        self.terminal = ZvtTerminal(sc.terminal, framing_mode=self.tcp_framing, log=self.log, stop=self._stop)
        self.printer = EscposPrinter(sc.printer, log=self.log)
        serves = [("terminal", self.terminal.serve), ("printer", self._serve_printer)]
        ports = []
        for name, serve in serves:
            pacer = self._pacers[name] = self._pacer(name)
            ep: UsbPrinterEndpoint | PtyEndpoint | TcpServer
            args: tuple[object, ...]
            target: Callable[..., None]
            if name == "printer" and self.printer_link == "usb":
                from .usb_device import UsbPrinterEndpoint  # pyusb, imported only for a USB printer

                pacer = self._pacers[name] = Pacer(None, stop=self._stop)  # USB is not paced like a serial line
                ep = UsbPrinterEndpoint(pacer, model=sc.printer.model)
                if sc.printer.dead:  # a USB printer that is switched off is not on the bus at all
                    ep.unplug()
                target, args, port = ep.run, (serve, self._stop), ep.port
            elif self.link == "pty":
                from .pty_backend import PtyEndpoint  # POSIX only, so imported only here

                ep = PtyEndpoint(pacer)
                target, args, port = ep.run, (serve, self._stop), ep.port
            else:
                ep = TcpServer(serve, pacer, self._stop, switched_off=name == "printer" and sc.printer.dead)
                target, args, port = ep.run, (), ep.port
            self._endpoints.append(ep)
            t = threading.Thread(target=target, args=args, name=f"pos-sim-{name}", daemon=True)
            self._threads.append(t)
            ports.append(port)
        self.terminal_port, self.printer_port = ports
        for t in self._threads:
            t.start()
        self.log(f"simulator: scenario {sc.name}: terminal {self.terminal_port}, printer {self.printer_port}")
        return self

    def stop(self) -> None:
        self._stop.set()
        for ep in self._endpoints:
            ep.wake()
        for t in self._threads:
            t.join(timeout=5)
        for ep in self._endpoints:
            ep.close()
        self._threads.clear()
        self._endpoints.clear()

    def __enter__(self) -> "Simulator":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
