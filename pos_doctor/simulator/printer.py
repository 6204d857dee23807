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
            if not s.online and not healed:  # DLE EOT 2 names the cause when the model reports one
                b |= {"feed-button": 0x08, "error": 0x40}.get(s.offline_cause, 0)
            return b | (0x04 if cover else 0) | (0x20 if paper == "out" else 0) | (0x40 if cutter or heat else 0)
        if n == 3:
            return b | (0x08 if cutter else 0) | (0x40 if heat else 0)
        return b | {"ok": 0, "near-end": 0x0C, "out": 0x6C}[paper]

    def _transmit_status(self, n: int) -> bytes | None:
        """GS r n (Epson "transmit status", node-thermal-printer's getStatus()): one byte, bits 4 and 7 fixed 0.
        n=1/49 paper sensors (bits 0+1 near end, 2+3 roll end), n=2/50 drawer connector pin 3 (bit 0, low here).
        It is processed from the receive buffer, so an offline printer (paper end, cover open) does not answer."""
        if self.status_byte(1) & 0x08:
            return None
        if n in (1, 49):
            paper = "ok" if self._healed() else self.spec.paper
            return bytes([0x03 if paper == "near-end" else 0x00])
        if n in (2, 50):
            return b"\x00"
        return None

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
        """Consume written bytes; return the replies in order. Commands are interpreted or skipped with their
        parameters, so only the text lands on the simulated paper (each line goes to the log)."""
        self.buf += data
        out: list[bytes] = []
        while self.buf:
            size = command_size(self.buf)
            if size is None:
                break  # the rest of a command is still on its way
            if size == 0:
                self._paper(self.buf[0])
                del self.buf[:1]
                continue
            b0, cmd = self.buf[0], self.buf[1]
            n = self.buf[2] if size >= 3 else None
            if b0 == DLE and cmd == EOT and n is not None and 1 <= n <= 4:
                if n == 1:
                    self.status_queries += 1
                out.append(bytes([self.status_byte(n)]))
            elif b0 == DLE and cmd == ENQ and n in (1, 2):
                if self.spec.autocutter_error and not self.cutter_recovered:
                    self.log("printer: DLE ENQ recovered the autocutter error")
                self.cutter_recovered = True
            elif b0 == GS and cmd == 0x49 and n is not None:
                reply = self._identify(n)
                if reply is not None:
                    out.append(reply)
            elif b0 == GS and cmd == 0x72 and n is not None:
                reply = self._transmit_status(n)
                if reply is not None:
                    out.append(reply)
            elif b0 == GS and cmd == 0x56:
                self.log("printer: cut")
            del self.buf[:size]
        return out

    def _paper(self, byte: int) -> None:
        if byte == 0x0A:
            line = bytes(self.printed).decode("gb18030", "replace").strip()  # ASCII, and Chinese as shop printers use
            if line:
                self.log(f"printer: printed {line!r}")
            self.printed.clear()
        elif byte >= 0x20 or byte == 0x09:
            self.printed.append(byte)


ESC, FS = 0x1B, 0x1C
# Parameter bytes after ESC x / GS x / FS x for the fixed-size commands receipt software sends (ESC/POS manual).
_FIXED = {
    ESC: {0x40: 0, 0x32: 0, 0x69: 0, 0x6D: 0, 0x4C: 0, 0x53: 0, 0x0C: 0, 0x74: 1, 0x21: 1, 0x45: 1, 0x2D: 1,
          0x61: 1, 0x64: 1, 0x4A: 1, 0x4D: 1, 0x47: 1, 0x33: 1, 0x52: 1, 0x7B: 1, 0x56: 1, 0x72: 1, 0x20: 1, 0x3D: 1,
          0x54: 1, 0x55: 1, 0x25: 1, 0x3F: 1, 0x63: 2, 0x24: 2, 0x5C: 2, 0x70: 3},
    GS: {0x21: 1, 0x42: 1, 0x68: 1, 0x77: 1, 0x48: 1, 0x66: 1, 0x49: 1, 0x72: 1, 0x61: 1, 0x2F: 1, 0x62: 1, 0x7C: 1,
         0x3A: 0, 0x4C: 2, 0x57: 2, 0x24: 2, 0x5C: 2, 0x50: 2},
    FS: {0x26: 0, 0x2E: 0, 0x21: 1, 0x2D: 1, 0x43: 1, 0x57: 1, 0x70: 2, 0x53: 2},
    DLE: {EOT: 1, ENQ: 1, 0x14: 3},
}


def command_size(buf: bytearray) -> int | None:
    """Length of the command at the start of buf: 0 for a text byte, None while it is incomplete.
    Unknown commands count as prefix + one byte, so one odd byte never swallows the text after it."""
    b0 = buf[0]
    if b0 not in _FIXED:
        return 0
    if len(buf) < 2:
        return None
    cmd = buf[1]
    if b0 == GS and cmd == 0x56:  # cut: GS V m, or GS V m n for m 65/66
        if len(buf) < 3:
            return None
        return 4 if buf[2] in (65, 66, 97, 98, 103, 104) else 3
    if b0 == GS and cmd == 0x6B:  # barcode: GS k m d1..dk NUL (m <= 6), or GS k m n d1..dn
        if len(buf) < 3:
            return None
        if buf[2] <= 6:
            end = buf.find(0, 3)
            return None if end < 0 else end + 1
        return None if len(buf) < 4 else 4 + buf[3]
    if b0 == GS and cmd == 0x76:  # raster image: GS v 0 m xL xH yL yH data
        if len(buf) < 8:
            return None
        return 8 + (buf[4] + 256 * buf[5]) * (buf[6] + 256 * buf[7])
    if b0 in (GS, FS) and cmd == 0x28:  # GS ( X pL pH data / FS ( X pL pH data
        if len(buf) < 5:
            return None
        return 5 + buf[3] + 256 * buf[4]
    params = _FIXED[b0].get(cmd)
    size = 2 + (params if params is not None else 0)
    return None if len(buf) < size else size
