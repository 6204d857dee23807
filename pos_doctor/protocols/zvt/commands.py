"""The hard allowlist of commands pos-doctor may send to a payment terminal.

Every outgoing APDU passes `safe_apdu`; nothing that can move money or change the terminal's state leaves here
(payment, refund, reversal, pre-auth, end-of-day, initialisation, software update, reset ...). Registration is
allowlisted because an operator may explicitly ask for it; the session exposes it only as `register()`.
"""

from __future__ import annotations

from types import MappingProxyType

from pos_doctor.errors import ApduError, RefusedCommand
from pos_doctor.i18n import T

from .apdu import FORBIDDEN, decode_apdu, encode_apdu
from .bmp import bcd, encode_bmp

# (class, instr) -> command name. Also the ECR's application ack 80 00 00 (an answer, not a command).
# Read-only (MappingProxyType): nothing at run time can widen it; to add a command, change this file.
ALLOWED: MappingProxyType[tuple[int, int], str] = MappingProxyType({
    (0x05, 0x01): "status_enquiry",
    (0x06, 0x70): "diagnosis",
    (0x06, 0x20): "repeat_receipt",
    # Send Turnover Totals: "the ECR causes the PT to send an overview about the stored transactions" - a report
    # of the current period, distinct from End-of-Day (06 50, which transfers the turnover to the host and closes
    # the period; never sent). Sources: Portalum/Portalum.Zvt src/Portalum.Zvt/ZvtClient.cs (SendTurnoverTotalsAsync,
    # after ZVT rev. 13.09 PA00P015), the ZVT rev. 13.13 command summary (chapter 14) as listed by public decoders.
    (0x06, 0x10): "send_turnover_totals",
    (0x06, 0x1A): "print_system_configuration",
    (0x06, 0xB0): "abort",
    (0x06, 0x02): "log_off",
    (0x06, 0x00): "registration",
    (0x80, 0x00): "ack",
})
assert not set(ALLOWED) & FORBIDDEN, "a forbidden instruction on the allowlist"

SERVICE_RESEND_STATUS = 0x01  # repeat receipt: also resend the status information (04 0F)
SERVICE_DO_NOT_PRINT = 0x02  # repeat receipt: do not print


def safe_apdu(apdu: bytes) -> bytes:
    """The single choke point: returns `apdu` unchanged if it is an allowlisted command, else RefusedCommand."""
    apdu = bytes(apdu)
    if len(apdu) < 2:
        raise RefusedCommand(f"not a command: {apdu.hex(' ').upper()}")
    name = ALLOWED.get((apdu[0], apdu[1]))
    if name is None:
        raise RefusedCommand(
            T("command {value:02X} {value2:02X} is not on pos-doctor's safe list and is never sent", value=apdu[0],
              value2=apdu[1]),
            hint=T("pos-doctor only sends diagnostic commands; do payments on the till."),
        )
    try:
        decode_apdu(apdu)
    except ApduError as exc:
        raise RefusedCommand(f"malformed {name} command: {exc}") from None
    if name == "ack" and apdu != b"\x80\x00\x00":
        raise RefusedCommand("only 80 00 00 may be sent as an acknowledgement")
    return apdu


def _password(password: str) -> bytes:
    if not (isinstance(password, str) and len(password) == 6 and password.isdigit()):
        raise ApduError("the terminal password must be 6 digits")
    return bcd(password, 3)


def status_enquiry(password: str = "000000", service_byte: int | None = None) -> bytes:
    data = _password(password) + (bytes([0x03, service_byte & 0xFF]) if service_byte is not None else b"")
    return safe_apdu(encode_apdu(0x05, 0x01, data))


def diagnosis(kind: int | None = None) -> bytes:
    # BMP 06 carrying TLV 1B = diagnosis type (01 line, 02 extended, 03 configuration, 04 EMV configuration)
    data = b"" if kind is None else encode_bmp(0x06, [(0x1B, bytes([kind & 0xFF]))])
    return safe_apdu(encode_apdu(0x06, 0x70, data))


def repeat_receipt(password: str = "000000", *, print_copy: bool = False, resend_status: bool = True) -> bytes:
    sb = (SERVICE_RESEND_STATUS if resend_status else 0) | (0 if print_copy else SERVICE_DO_NOT_PRINT)
    return safe_apdu(encode_apdu(0x06, 0x20, _password(password) + bytes([0x03, sb])))


def send_turnover_totals(password: str = "000000") -> bytes:
    """06 10 <password>: the period's totals (and, on many terminals, a printed turnover report). Read-only."""
    return safe_apdu(encode_apdu(0x06, 0x10, _password(password)))


def print_system_configuration() -> bytes:
    return safe_apdu(encode_apdu(0x06, 0x1A))


def abort() -> bytes:
    return safe_apdu(encode_apdu(0x06, 0xB0))


def log_off() -> bytes:
    return safe_apdu(encode_apdu(0x06, 0x02))


def registration(password: str = "000000", config_byte: int = 0x00, currency: int | None = 978,
                 service_byte: int | None = None) -> bytes:
    data = _password(password) + bytes([config_byte & 0xFF])
    if currency is not None:
        data += bcd(currency, 2)
    if service_byte is not None:
        data += bytes([0x03, service_byte & 0xFF])
    return safe_apdu(encode_apdu(0x06, 0x00, data))


ACK_APDU = b"\x80\x00\x00"
