"""What a session needs of the line it talks over: bytes out, bytes in within a timeout, a flush.

pos_doctor.link.Link is one (a serial port, a socket, a USB printer); a test's in-memory pipe is another. The
codecs and sessions know only this shape, never the link package (the layers: protocols above link).
"""

from __future__ import annotations

from typing import Protocol


class ByteLink(Protocol):
    def write(self, data: bytes) -> None: ...

    def read(self, n: int, timeout: float) -> bytes:
        """Up to n bytes, fewer (or none) when the timeout passes first."""
        ...

    def reset_input(self) -> None: ...
