"""The simulated ESC/POS printer: a pure byte machine (bytes in, replies out), no transport."""

from __future__ import annotations

from .scenario import PrinterSpec

DLE, EOT, ENQ, GS = 0x10, 0x04, 0x05, 0x1D


class EscposPrinter:
    def __init__(self, spec: PrinterSpec, log=None):
        self.spec = spec
        self.log = log or (lambda msg: None)
        self.buf = bytearray()
        self.status_queries = 0
        self.cutter_recovered = False
        self.printed = bytearray()

    def _healed(self) -> bool:
        return bool(self.spec.heal_after) and self.status_queries > self.spec.heal_after

    def status_byte(self, n: int) -> int:
        s, b = self.spec, 0x12
        healed = self._healed()
        paper = "ok" if healed else s.paper
        cover = s.cover_open and not healed
        cutter = s.autocutter_error and not healed and not self.cutter_recovered
        heat = s.overheat and not healed
        offline = (not s.online and not healed) or cover or paper == "out" or cutter or heat
        if n == 1:
            return b | (0x08 if offline else 0)
        if n == 2:
            return b | (0x04 if cover else 0) | (0x20 if paper == "out" else 0) | (0x40 if cutter or heat else 0)
        if n == 3:
            return b | (0x08 if cutter else 0) | (0x40 if heat else 0)
        return b | {"ok": 0, "near-end": 0x0C, "out": 0x6C}[paper]

    def _identify(self, n: int) -> bytes | None:
        if not self.spec.identify:
            return None
        fixed = {1: 0x20, 2: 0x02, 3: 0x41}
        if n in fixed:
            return bytes([fixed[n]])
        texts = {65: "1.00", 66: "SIMULATED", 67: self.spec.model, 68: "SIMPRN0001"}
        if n in texts:
            return b"\x5f" + texts[n].encode("ascii") + b"\x00"
        return None

    def feed(self, data: bytes) -> list[bytes]:
        """Consume written bytes; return the replies in order (print data is swallowed)."""
        self.buf += data
        out: list[bytes] = []
        while self.buf:
            b0 = self.buf[0]
            if b0 in (DLE, GS):
                if len(self.buf) < 3:
                    break  # need the whole 3-byte command
                cmd, n = self.buf[1], self.buf[2]
                if b0 == DLE and cmd == EOT and 1 <= n <= 4:
                    if n == 1:
                        self.status_queries += 1
                    out.append(bytes([self.status_byte(n)]))
                    del self.buf[:3]
                    continue
                if b0 == DLE and cmd == ENQ and n in (1, 2):
                    if self.spec.autocutter_error and not self.cutter_recovered:
                        self.log("printer: DLE ENQ recovered the autocutter error")
                    self.cutter_recovered = True
                    del self.buf[:3]
                    continue
                if b0 == GS and cmd == 0x49:
                    reply = self._identify(n)
                    if reply is not None:
                        out.append(reply)
                    del self.buf[:3]
                    continue
            self.printed.append(b0)
            if b0 == 0x0A:
                line = bytes(self.printed).decode("cp437", "replace").strip()
                if line:
                    self.log(f"printer: printed {line!r}")
                self.printed.clear()
            del self.buf[:1]
        return out
