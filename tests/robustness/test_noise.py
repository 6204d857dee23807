"""The link under noise: a correct simulated terminal / printer behind a fault-injecting real pty, and the clients
on the pty's slave path through `open_link`, exactly as with hardware.

Between the device and the client sits a fault plan drawn by hypothesis: per byte of the device's replies corrupt
(xor a non-zero byte), drop or duplicate it; extra ACKs (06, NAK 15, `10 00`, a whole `80 00 00` frame) injected
before chosen bytes; garbage before, after or instead of a reply; a device that babbles random bytes once it starts
answering; the master end of the pty closed after N bytes, mid-frame.

Properties: every call ends within a deadline computed from its timers and repeats, with a typed result or an error
from the package's tree (never IndexError, termios.error, a raw OSError, a hang); no result ever carries more of a
card number than its first 6 and last 4 digits; a ZVT result that says "completed" is the one a clean line gives
(the CRC guards every frame); a port that vanishes before the conversation is over is LinkClosed, not a timeout;
and with no noise at all every call succeeds (the control: a broken harness fails here).
"""

from __future__ import annotations

import functools
import os
import random
import re
import select
import threading
import time
import traceback
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, event, example, given, settings, strategies as st

from pos_doctor.errors import LinkClosed, LinkError, LinkTimeout, ProtocolError
from pos_doctor.link.port import POLL, LineSettings, open_link
from pos_doctor.privacy import luhn_ok
from pos_doctor.protocols.escpos.session import PrinterClient, PrinterIdentity
from pos_doctor.protocols.escpos.status import PrinterStatus
from pos_doctor.protocols.zvt.framing import crc16_kermit, decode_frame, encode_frame
from pos_doctor.protocols.zvt.session import MAX_SENDS, CommandResult, ZvtClient, ZvtTimers
from pos_doctor.simulator.printer import EscposPrinter
from pos_doctor.simulator.scenario import LastTransaction, PrinterSpec, TerminalSpec
from pos_doctor.simulator.terminal import ZvtTerminal
from pos_doctor.values import replace

pytestmark = [pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys"), pytest.mark.timeout(120)]

# --- the devices ---------------------------------------------------------------------------------------------

PAN = next(p for p in ("49291357924680" + f"{d:02d}" for d in range(100)) if luhn_ok(p))  # varied digits
TERMINAL = TerminalSpec(delay_ms=0, last_transaction=LastTransaction(pan=PAN))
PRINTER = PrinterSpec(delay_ms=0)

TIMERS = ZvtTimers(t1=0.05, t2=0.3, t3=0.1, t4=0.3, t4_status=0.3)  # noisy examples: any typed end is right
PRINTER_TIMEOUT = 0.1
# where one outcome is required (success, LinkClosed), a loaded machine must not turn it into a timeout; these
# cost nothing on a clean line, which answers at once
PATIENT, PRINTER_PATIENT = ZvtTimers(t1=0.5, t2=2.0, t3=1.0, t4=2.0, t4_status=2.0), 1.0
COMMANDS = ("status_enquiry", "diagnosis", "repeat_receipt")
MESSAGES = {"status_enquiry": 1, "diagnosis": 3, "repeat_receipt": 2}  # what the terminal sends as master
DEVICE_SENDS = 4  # the simulated terminal sends a frame at most 4 times (simulator/terminal.py `_send`)


def zvt_deadline(command: str, noise: "Noise", t: ZvtTimers = TIMERS) -> float:
    """Worst case from the client's timers: our command (MAX_SENDS sends, T3 each), T2 for the first answer, then
    for every frame the terminal can put on the line (each of its answers and messages, DEVICE_SENDS times, plus
    injected frames) a T4 wait and our ACK APDU (MAX_SENDS × T3). Each wait may overshoot by one POLL (and T1
    inside a frame); +2 s slack for a loaded machine. Observed: well under a second per call."""
    master = t.t4 if command == "diagnosis" else t.t4_status
    send = MAX_SENDS * (t.t3 + POLL)
    frames = DEVICE_SENDS * (MESSAGES[command] + 1) + noise.frames_injected()
    return send + (t.t2 + t.t1 + POLL) + frames * (master + t.t1 + POLL + send) + 2.0


def printer_deadline(queries: int, timeout: float) -> float:
    """Each query waits at most its reply timeout (plus one POLL); +2 s slack for a loaded machine."""
    return queries * (timeout + POLL) + 2.0


# --- the fault plan ------------------------------------------------------------------------------------------

@dataclass
class Noise:
    faults: dict[int, tuple[str, int]] = field(default_factory=dict)  # device byte -> ("corrupt", xor) | drop | dup
    inject: dict[int, bytes] = field(default_factory=dict)  # extra bytes before device byte i
    floods: dict[int, tuple[str, bytes]] = field(default_factory=dict)  # k-th device write -> (where, garbage)
    babble: int | None = None  # seed: the device floods random bytes from its first answer on
    unplug_after: int | None = None  # the master end closes after this many bytes on the wire
    # the terminal itself garbles its k-th frame before the CRC is computed (a memory fault; TCP has no CRC):
    # APDU offset (modulo its length) -> xor. The frame is CRC-good, so the garbled APDU reaches the decoder.
    garble: dict[int, int] = field(default_factory=dict)
    garble_frame: int = 1

    def __bool__(self) -> bool:
        return bool(self.faults or self.inject or self.floods or self.babble is not None
                    or self.unplug_after is not None or self.garble)

    def frames_injected(self) -> int:
        """Frames the noise may add (each DLE STX could start one): each can cost the client a T4 wait."""
        junk = [g for _, g in self.floods.values()] + list(self.inject.values())
        return sum(g.count(b"\x10\x02") for g in junk)


ACK_FRAME = encode_frame(b"\x80\x00\x00")
EXTRA_ACKS = [b"\x06", b"\x06\x06", b"\x15", b"\x10\x00", ACK_FRAME]
FRAGMENTS = [ACK_FRAME, encode_frame(bytes.fromhex("04 FF 01 13")), encode_frame(bytes.fromhex("06 0F 00")),
             encode_frame(bytes.fromhex("84 9C 00"))[:-1] + b"\x00"]  # the last with a bad CRC
TERMINAL_SPAN, PRINTER_SPAN = 100, 40  # device bytes a plan may touch: a little more than a clean conversation

# garbage: random bytes, or a frame cut short (a whole CRC-good frame would be a message, not noise)
garbage = st.one_of(st.binary(min_size=1, max_size=300),
                    st.builds(lambda f, n: f[:min(n, len(f) - 1)], st.sampled_from(FRAGMENTS), st.integers(1, 16)))
byte_fault = st.one_of(st.tuples(st.just("corrupt"), st.integers(1, 255)),
                       st.tuples(st.sampled_from(["drop", "dup"]), st.just(0)))


def noises(span: int, writes: int) -> st.SearchStrategy[Noise]:
    return st.builds(
        Noise,
        faults=st.dictionaries(st.integers(0, span), byte_fault, max_size=4),
        inject=st.dictionaries(st.integers(0, span), st.sampled_from(EXTRA_ACKS), max_size=3),
        floods=st.dictionaries(st.integers(0, writes), st.tuples(st.sampled_from(["before", "after", "instead"]),
                                                                 garbage), max_size=2),
        babble=st.one_of(st.none(), st.none(), st.integers(0, 2**32 - 1)),
        unplug_after=st.one_of(st.none(), st.none(), st.integers(0, span)),
    )


BABBLE_MAX = 64 * 1024


class NoisyPort:
    """The device end of a real pty pair, applying a Noise plan to every byte the device sends. It offers the
    simulator's endpoint interface (read(timeout) -> bytes, write(bytes); EOFError when gone)."""

    def __init__(self, noise: Noise, stop: threading.Event):
        import tty  # POSIX only, like os.openpty: the module is skipped elsewhere

        self.noise, self.stop = noise, stop
        self.master, self.slave = os.openpty()

        tty.setraw(self.slave)  # raw before the client opens: no echo, no CR/LF or XON/XOFF handling
        self.path = os.ttyname(self.slave)
        self._wake_r, self._wake_w = os.pipe()
        self._lock = threading.Lock()
        self.sent = 0  # device bytes offered: the plan's index
        self.wire = 0  # bytes that reached the line
        self.writes = self.frames = 0
        self.hits = 0  # plan entries that met a byte
        self.unplugged = self.closed = False
        self._babbler: threading.Thread | None = None

    def read(self, timeout: float) -> bytes:
        if self.unplugged or self.stop.is_set():
            raise EOFError()
        ready, _, _ = select.select([self.master, self._wake_r], [], [], max(timeout, 0))
        if self._wake_r in ready:
            raise EOFError()
        if not ready:
            return b""
        try:
            return os.read(self.master, 4096)
        except OSError:
            self.stop.wait(timeout)
            return b""

    def write(self, data: bytes) -> None:
        plan, out = self.noise, bytearray()
        if data[:2] == b"\x10\x02":
            if plan.garble and self.frames == plan.garble_frame:
                data = self._garbled(data)
            self.frames += 1
        for b in data:
            i = self.sent
            self.sent += 1
            if i in plan.inject:
                out += plan.inject[i]
                self.hits += 1
            kind, x = plan.faults.get(i, ("keep", 0))
            self.hits += kind != "keep"
            out += {"keep": bytes([b]), "corrupt": bytes([b ^ x]), "drop": b"", "dup": bytes([b, b])}[kind]
        where, junk = plan.floods.get(self.writes, (None, b""))
        self.writes += 1
        if where:
            self.hits += 1
            out = bytearray(junk + out if where == "before" else out + junk if where == "after" else junk)
        if plan.babble is not None and self._babbler is None:
            self._babbler = threading.Thread(target=self._babble, args=(plan.babble,), name="noise-babble", daemon=True)
            self._babbler.start()
        self._emit(bytes(out), may_unplug=True)

    def _garbled(self, frame: bytes) -> bytes:
        _, decoded = decode_frame(frame)
        apdu = bytearray(decoded.apdu)
        for offset, x in self.noise.garble.items():
            apdu[offset % len(apdu)] ^= x
        self.hits += 1
        # framed by hand: a garble may turn the class/instruction into one the package's encoder refuses (06 0C)
        crc = crc16_kermit(bytes(apdu) + b"\x03")
        return b"\x10\x02" + bytes(apdu).replace(b"\x10", b"\x10\x10") + bytes([0x10, 0x03, crc & 0xFF, crc >> 8])

    def _babble(self, seed: int) -> None:
        rng, total = random.Random(seed), 0
        while total < BABBLE_MAX and not self.stop.wait(rng.uniform(0.001, 0.004)):
            junk = rng.randbytes(rng.randint(1, 256))
            try:
                self._emit(junk, may_unplug=False)
            except EOFError:
                return
            total += len(junk)

    def _emit(self, data: bytes, *, may_unplug: bool) -> None:
        with self._lock:  # the babbler and the device write in turn; nobody touches a closed master
            if self.unplugged or self.closed:
                raise EOFError()
            limit = self.noise.unplug_after
            if may_unplug and limit is not None and self.wire + len(data) > limit:
                self._write_all(data[: max(0, limit - self.wire)])
                self.wire = limit
                self.hits += 1
                os.close(self.master)  # the cable is pulled mid-frame: the client's next read/write gets EIO
                self.unplugged = True
                raise EOFError()
            self._write_all(data)
            self.wire += len(data)

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            _, ready, _ = select.select([], [self.master], [], 0.2)
            if not ready:
                return  # the line is full (only a babbling device gets here): the rest is lost
            view = view[os.write(self.master, view):]

    def wake(self) -> None:
        os.write(self._wake_w, b"x")

    def close(self) -> None:
        if self._babbler is not None:
            self._babbler.join(5)
            assert not self._babbler.is_alive(), "babbler hung"
        with self._lock:
            self.closed = True
            fds = [self._wake_r, self._wake_w, self.slave] + ([] if self.unplugged else [self.master])
        for fd in fds:
            os.close(fd)


class NoisyLine:
    """One example's world: a simulated device thread behind a NoisyPort, and the client's Link to its pty."""

    def __init__(self, device: str, noise: Noise):
        self.device, self.noise = device, noise
        self.stop = threading.Event()
        self.port = NoisyPort(noise, self.stop)
        self.error: BaseException | None = None
        target = self._serve_terminal if device == "terminal" else self._serve_printer
        self.thread = threading.Thread(target=self._guard, args=(target,), name=f"noisy-{device}", daemon=True)

    def _guard(self, target) -> None:
        try:
            target()
        except (EOFError, OSError):
            pass
        except BaseException as exc:  # noqa: BLE001 - reported by __exit__
            self.error = exc

    def _serve_terminal(self) -> None:
        ZvtTerminal(TERMINAL, framing_mode="serial", stop=self.stop).serve(self.port)

    def _serve_printer(self) -> None:
        printer = EscposPrinter(PRINTER)
        while not self.stop.is_set():
            for reply in printer.feed(self.port.read(0.2)):
                self.port.write(reply)

    def __enter__(self) -> "NoisyLine":
        try:
            self.link = open_link(self.port.path, LineSettings(), name=self.device)
        except BaseException:
            self.port.close()
            raise
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.link.close()
        self.stop.set()
        self.port.wake()
        self.thread.join(5)
        assert not self.thread.is_alive(), f"the simulated {self.device} did not stop"
        self.port.close()
        if self.error is not None:
            raise AssertionError(f"the simulated {self.device} itself crashed (a simulator bug): {self.error!r}")

    def unplug_now(self) -> None:
        """For a hung client: pull the cable so its thread can end."""
        with self.port._lock:
            if not self.port.unplugged:
                os.close(self.port.master)
                self.port.unplugged = True


# --- running one call ----------------------------------------------------------------------------------------

@dataclass
class Outcome:
    value: object = None
    error: BaseException | None = None
    elapsed: float = 0.0


def run_within(call, deadline: float, line: NoisyLine, what: str) -> Outcome:
    """Run `call` in a worker thread; it must end within `deadline` seconds (otherwise: a hang, reported)."""
    out = Outcome()

    def target():
        try:
            out.value = call()
        except BaseException as exc:  # noqa: BLE001 - judged by the caller
            out.error = exc

    started = time.monotonic()
    worker = threading.Thread(target=target, name="noise-client", daemon=True)
    worker.start()
    worker.join(deadline)
    out.elapsed = time.monotonic() - started
    if worker.is_alive():
        line.unplug_now()
        worker.join(5)
        pytest.fail(f"{what} still running after its deadline of {deadline:.2f} s (noise: {line.noise})")
    return out


def assert_typed(out: Outcome, result_type, what: str):
    """A typed result, or an error of the package's link/protocol families with a message in both languages."""
    if out.error is not None:
        exc = out.error
        if not isinstance(exc, (LinkError, ProtocolError)):
            tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            pytest.fail(f"{what} raised an untyped {type(exc).__name__}:\n{tb}")
        assert str(exc) and exc.text("zh"), f"{what}: {type(exc).__name__} without a message"
        assert_no_pan(str(exc))
        return exc
    assert isinstance(out.value, result_type), f"{what} returned {out.value!r}"
    assert_no_pan(out.value)
    return out.value


PAN_WINDOWS = [PAN[i:i + 11] for i in range(len(PAN) - 10)]  # 6 + 4 visible digits at most: 11 is too many


def assert_no_pan(obj) -> None:
    text = re.sub(r"\s", "", repr(obj))  # hex dumps are spaced: "49 29 13 ..." must not spell the card either
    leaked = [w for w in PAN_WINDOWS if w in text]
    assert not leaked, f"card number digits {leaked[0]} in {obj!r}"
    tx = getattr(obj, "transaction", None)
    if tx is not None and tx.pan_masked:
        assert sum(c.isdigit() for c in tx.pan_masked) <= 10, tx.pan_masked


def essence(res: CommandResult) -> CommandResult:
    """What a completed result says, without the clocks and the per-frame record (a repeated frame is listed twice)."""
    tx = res.transaction and replace(res.transaction, time=None)
    return replace(res, transaction=tx, terminal_time=None, first_answer_ms=None, messages=[], raw=[])


def zvt_call(line: NoisyLine, command: str, timers: ZvtTimers = TIMERS) -> tuple[ZvtClient, Outcome]:
    client = ZvtClient(line.link, timers=timers)
    return client, run_within(getattr(client, command), zvt_deadline(command, line.noise, timers), line, command)


def printer_calls(line: NoisyLine, timeout: float = PRINTER_TIMEOUT) -> tuple[Outcome, Outcome]:
    client = PrinterClient(line.link, reply_timeout=timeout)
    status = run_within(client.status, printer_deadline(4, timeout), line, "printer status")
    ident = run_within(lambda: client.identify(timeout=timeout), printer_deadline(6, timeout), line, "identify")
    return status, ident


@functools.cache
def clean_terminal(command: str) -> tuple[CommandResult, int]:
    """The control: the result on a clean line, and how many bytes the terminal sent for it."""
    with NoisyLine("terminal", Noise()) as line:
        client, out = zvt_call(line, command, PATIENT)
        sent = line.port.sent
    assert out.error is None, f"{command} failed on a clean line: {out.error!r}"
    assert out.value.outcome == "completed" and client.stats.crc_errors == client.stats.naks_sent == 0
    return out.value, sent


@functools.cache
def clean_printer() -> tuple[PrinterStatus, PrinterIdentity, int]:
    with NoisyLine("printer", Noise()) as line:
        status, ident = printer_calls(line, PRINTER_PATIENT)
        sent = line.port.sent
    assert status.error is None and ident.error is None, (status.error, ident.error)
    return status.value, ident.value, sent


@pytest.fixture
def no_leaks():
    """Every example closes its pty, link and threads: no file descriptor and no thread opened during the test is
    still open after it. (Sets, not counts: under pytest-xdist an earlier test's garbage may be closed while this one
    runs, which lowers a count without anything of this test's being closed.)"""
    import gc

    fd_dir = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"

    def fds() -> dict[str, str]:
        out = {}
        for fd in os.listdir(fd_dir):
            try:
                out[fd] = os.readlink(os.path.join(fd_dir, fd))
            except OSError:  # the listing's own descriptor, closed by now
                pass
        return out

    gc.collect()
    before_fds, before_threads = fds(), set(threading.enumerate())
    yield
    after = fds()
    leaked = {fd: target for fd, target in after.items() if before_fds.get(fd) != target}
    assert not leaked, f"file descriptors leaked: {leaked}"
    new_threads = [t.name for t in threading.enumerate() if t not in before_threads]
    assert not new_threads, new_threads


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


# --- the control ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", COMMANDS)
def test_clean_line_completes(command, no_leaks):
    res, sent = clean_terminal.__wrapped__(command)
    # the simulator's completions carry no BMP 27 (a status enquiry's never does): None, not a made-up 0
    assert res.outcome == "completed" and res.result_code is None and sent > 0
    if command == "status_enquiry":
        assert (res.terminal_status, res.terminal_id, res.software_version) == (0, "29001234", "2.4.1")
        assert res.device.name == "SIM-ZVT-1"
    if command == "repeat_receipt":
        tx = res.transaction
        assert tx.approved and str(tx.amount) == "12.50" and tx.pan_masked == PAN[:6] + "******" + PAN[-4:]
    assert_no_pan(res)


def test_clean_printer(no_leaks):
    status, ident, sent = clean_printer.__wrapped__()
    assert status.online is True and status.paper_end is False and status.cover_open is False
    assert (ident.model, ident.maker, ident.model_id) == ("SIM-TM-80", "SIMULATED", 0x20) and sent > 0


# --- properties ----------------------------------------------------------------------------------------------

@PROPERTY
@given(command=st.sampled_from(COMMANDS), noise=noises(TERMINAL_SPAN, 8))
@example(command="repeat_receipt", noise=Noise())
@example(command="status_enquiry", noise=Noise(floods={k: ("instead", b"\x10\x02\x06\x0f") for k in range(9)}))
@example(command="diagnosis", noise=Noise(babble=1))
def test_terminal_under_noise(command, noise, no_leaks):
    with NoisyLine("terminal", noise) as line:
        client, out = zvt_call(line, command, TIMERS if noise else PATIENT)
    got = assert_typed(out, CommandResult, command)
    event(f"{command}: {type(got).__name__}" + ("" if line.port.hits else " (no fault met a byte)"))
    if not noise:
        assert isinstance(got, CommandResult), f"{command} failed on a clean line: {got!r}"
    if isinstance(got, CommandResult):
        # the terminal only ever completes these; every frame is CRC-checked, so noise cannot change the answer
        assert essence(got) == essence(clean_terminal(command)[0])


@PROPERTY
@given(command=st.sampled_from(COMMANDS), data=st.data())
def test_terminal_port_vanishes_mid_frame(command, data, no_leaks):
    # a clean conversation's length varies by a byte or two (a 0x10 in the terminal's clock is stuffed)
    cut = data.draw(st.integers(0, clean_terminal(command)[1] + 2), label="bytes before the port vanishes")
    with NoisyLine("terminal", Noise(unplug_after=cut)) as line:
        _, out = zvt_call(line, command, PATIENT)
    assert_typed(out, CommandResult, command)
    if line.port.unplugged:  # the terminal had more to say, and the client was waiting for it
        assert isinstance(out.error, LinkClosed), f"{command}, port gone after {cut} bytes: {out.error or out.value!r}"
    else:
        assert out.error is None and out.value.outcome == "completed"


@PROPERTY
@given(garble=st.dictionaries(st.integers(0, 80), st.integers(1, 255), min_size=1, max_size=3),
       frame=st.sampled_from([1, 1, 2, 0]))
@example(garble={45: 0x3B ^ 0x22}, frame=1)  # the tag of the card number (BMP 22) turned into an AID (3B)
@example(garble={0: 0x80}, frame=1)  # 04 0F turned into a refusal 84 0F carrying the whole message
def test_garbled_last_transaction_never_shows_the_card_number(garble, frame, no_leaks):
    """A reply garbled before its CRC passes the link layer: the decoder meets it, and must stay typed and masked."""
    noise = Noise(garble=garble, garble_frame=frame)
    with NoisyLine("terminal", noise) as line:
        _, out = zvt_call(line, "repeat_receipt")
        assert line.port.hits == 1
    got = assert_typed(out, CommandResult, "repeat_receipt")
    event(type(got).__name__ if not isinstance(got, CommandResult) else f"CommandResult {got.outcome}")


def test_every_single_byte_garble_of_the_last_transaction_is_typed_and_masked():
    """The same, exhaustively, at the decoder: each byte of the status information xor-ed with each value."""
    from pos_doctor.protocols.zvt.messages import TerminalMessage, decode_message
    from pos_doctor.simulator.zvt_messages import status_information

    apdu = status_information(TERMINAL)
    assert PAN[:8] in apdu.hex().upper()  # the card number is in there, as packed BCD
    decoded = 0
    for i in range(len(apdu)):
        for x in range(1, 256):
            garbled = bytearray(apdu)
            garbled[i] ^= x
            try:
                msg = decode_message(bytes(garbled), "repeat_receipt")
            except ProtocolError:
                continue
            decoded += 1
            assert isinstance(msg, TerminalMessage)
            assert_no_pan(msg)
    assert decoded > 1000  # most garbles still decode: the check above had something to look at


@PROPERTY
@given(noise=noises(PRINTER_SPAN, 10))
@example(noise=Noise())
@example(noise=Noise(babble=7))
def test_printer_under_noise(noise, no_leaks):
    with NoisyLine("printer", noise) as line:
        status, ident = printer_calls(line, PRINTER_TIMEOUT if noise else PRINTER_PATIENT)
    got_status = assert_typed(status, PrinterStatus, "printer status")
    got_ident = assert_typed(ident, PrinterIdentity, "identify")
    met = "" if line.port.hits else " (no fault met a byte)"
    event(f"{type(got_status).__name__}, {type(got_ident).__name__}{met}")
    if not noise:
        clean_status, clean_ident, _ = clean_printer()
        assert (got_status, got_ident) == (clean_status, clean_ident)


@PROPERTY
@given(data=st.data())
def test_printer_port_vanishes(data, no_leaks):
    cut = data.draw(st.integers(0, clean_printer()[2] - 1), label="bytes before the port vanishes")
    with NoisyLine("printer", Noise(unplug_after=cut)) as line:
        status, ident = printer_calls(line, PRINTER_PATIENT)
    # whichever query meets the pulled cable says so; none waits out a timeout instead
    errors = [o.error for o in (status, ident) if o.error is not None]
    assert errors and all(isinstance(e, LinkClosed) for e in errors), errors
    for o, kind in ((status, PrinterStatus), (ident, PrinterIdentity)):
        assert_typed(o, kind, "printer")


# --- the noise reaches the client, and the link layer mends what it can ----------------------------------

def test_one_corrupted_byte_is_naked_and_repeated(no_leaks):
    instr = 1 + len(ACK_FRAME) + 3  # after the ACK byte and 80 00 00: DLE STX 06 [0F] - the completion's INSTR
    with NoisyLine("terminal", Noise(faults={instr: ("corrupt", 0x01)})) as line:
        client, out = zvt_call(line, "status_enquiry", PATIENT)
        assert line.port.hits == 1
    assert out.error is None, out.error
    assert essence(out.value) == essence(clean_terminal("status_enquiry")[0])
    assert client.stats.crc_errors == 1 and client.stats.naks_sent == 1


def test_flood_instead_of_every_answer_names_a_timer(no_leaks):
    noise = Noise(floods={k: ("instead", bytes(range(256)) * 4) for k in range(20)})
    with NoisyLine("terminal", noise) as line:
        _, out = zvt_call(line, "status_enquiry")
    assert isinstance(out.error, LinkTimeout) and out.error.timer, out.error or out.value
    assert out.elapsed < zvt_deadline("status_enquiry", noise)


@pytest.mark.parametrize("operation", ["read", "read_exactly", "write", "reset_input"])
def test_every_link_operation_on_a_vanished_port_is_link_closed(operation, no_leaks):
    """pyserial lets termios.error (not an OSError) out of tcflush/tcdrain once the device end is gone."""
    port = NoisyPort(Noise(), threading.Event())
    link = open_link(port.path, LineSettings(), name="printer")
    try:
        os.close(port.master)
        port.unplugged = True
        call = {"read": lambda: link.read(10, 0.2), "read_exactly": lambda: link.read_exactly(3, 0.2),
                "write": lambda: link.write(b"\x10\x04\x01"), "reset_input": link.reset_input}[operation]
        with pytest.raises(LinkClosed) as exc:
            call()
        assert port.path in str(exc.value) and exc.value.hint and exc.value.text("zh") != exc.value.text("en")
        # whichever operation meets it first, the person is told the same thing: the port went away
        assert f"printer: {port.path} went away" in str(exc.value) and f"{port.path} 已断开" in exc.value.text("zh")
    finally:
        link.close()
        port.close()
