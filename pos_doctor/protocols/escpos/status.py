"""ESC/POS real-time status (DLE EOT n) bytes -> flags. Pure: no I/O.

Only the core bits (offline; paper near end; paper end) are the same on every model; the others are reported
and listed in `model_dependent`. A group whose reply is missing or not of the status form is None (unknown).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pos_doctor.i18n import Text


def is_status_reply(b: int) -> bool:
    """A DLE EOT reply has the form 0xx1xx10; XON/XOFF, ASB and stale bytes do not."""
    return (b & 0b10010011) == 0b00010010


@dataclass
class PrinterStatus:
    online: bool | None = None
    drawer_pin3: bool | None = None
    feed_button: bool | None = None
    cover_open: bool | None = None
    paper_feeding: bool | None = None
    paper_stop: bool | None = None
    error: bool | None = None
    autocutter_error: bool | None = None
    unrecoverable_error: bool | None = None
    auto_recoverable_error: bool | None = None
    paper_near_end: bool | None = None
    paper_end: bool | None = None
    raw: dict[int, int] = field(default_factory=dict)
    model_dependent: list[str] = field(default_factory=list)
    not_understood: str | None = None  # why the replies were not the answers to the queries (then nothing is "ready")

    def problems(self) -> list[Text]:
        out = []
        for flag, text in PROBLEMS:
            if getattr(self, flag):
                out.append(text)
        if self.online is False and not out:
            out.append(Text("Printer is offline"))
        return out


PROBLEMS = [
    ("unrecoverable_error", Text("Unrecoverable printer error — switch it off and on; if it stays, call service")),
    ("cover_open", Text("Printer cover is open — close it firmly")),
    ("paper_end", Text("Paper out — load a new roll")),
    ("autocutter_error", Text("Paper cutter error — clear the jam, then recover")),
    ("auto_recoverable_error", Text("Print head too hot — wait for it to cool")),
    ("paper_near_end", Text("Paper nearly used up — have a new roll ready")),
]


def _bit(b: int | None, mask: int) -> bool | None:
    return None if b is None else bool(b & mask)


def decode_status(replies: dict[int, int]) -> PrinterStatus:
    """`replies` maps n (1..4) to the reply byte; invalid or missing replies leave that group unknown."""
    valid = {n: b for n, b in replies.items()
             if n in (1, 2, 3, 4) and isinstance(b, int) and 0 <= b <= 255 and is_status_reply(b)}
    b1, b2, b3, b4 = (valid.get(n) for n in (1, 2, 3, 4))
    st = PrinterStatus(raw=dict(valid))
    if b1 is not None:
        st.online = not (b1 & 0x08)
        st.drawer_pin3 = _bit(b1, 0x04)
        st.feed_button = _bit(b1, 0x40)
        st.model_dependent += ["drawer_pin3", "feed_button"]
    if b2 is not None:
        st.cover_open = _bit(b2, 0x04)
        st.paper_feeding = _bit(b2, 0x08)
        st.paper_stop = _bit(b2, 0x20)
        st.error = _bit(b2, 0x40)
        st.model_dependent += ["cover_open", "paper_feeding", "paper_stop", "error"]
    if b3 is not None:
        st.autocutter_error = _bit(b3, 0x08)
        st.unrecoverable_error = _bit(b3, 0x20)
        st.auto_recoverable_error = _bit(b3, 0x40)
        st.model_dependent += ["autocutter_error", "unrecoverable_error", "auto_recoverable_error"]
    if b4 is not None:
        st.paper_near_end = (b4 & 0x0C) != 0
        st.paper_end = (b4 & 0x60) != 0
    elif b2 is not None and st.paper_stop:
        st.paper_end = True  # printing stopped for paper end (n=2 bit 5)
    return st
