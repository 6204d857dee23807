"""The simulator's line clock: what a device receives, its processing time and what it sends follow one another on
one clock, so no byte leaves before the line time of everything before it (the floor the benchmark divides by)."""

from __future__ import annotations

import threading
import time

import pytest

from pos_doctor.simulator.endpoints import Pacer, hold


def test_a_reply_leaves_after_the_request_the_delay_and_its_own_bytes():
    pacer = Pacer(9600, 10)
    bt = pacer.byte_time
    sent: list[tuple[float, bytes]] = []
    t0 = time.monotonic()
    assert pacer.received(b"q" * 12) == b"q" * 12
    pacer.hold(0.02)
    pacer.paced(b"r" * 20, lambda chunk: sent.append((time.monotonic(), chunk)))
    assert [len(c) for _, c in sent] == [16, 4]
    # lower bounds only: a loaded machine makes them later, never earlier
    assert sent[0][0] - t0 >= (12 + 16) * bt + 0.02
    assert sent[1][0] - t0 >= (12 + 20) * bt + 0.02
    assert (pacer.bytes_in, pacer.bytes_out) == (12, 20)


def test_bytes_received_back_to_back_queue_on_the_line():
    pacer = Pacer(1200, 10)
    bt = pacer.byte_time
    t0 = time.monotonic()
    pacer.received(b"\x06")              # the ECR's ACK ...
    pacer.received(b"f" * 9)             # ... and its next frame right behind it
    sent = []
    pacer.paced(b"\x06", lambda chunk: sent.append(time.monotonic()))
    assert sent[0] - t0 >= 11 * bt


def test_a_processing_delay_without_line_pacing_is_still_served():
    pacer = Pacer(None)  # ZVT over TCP, a USB printer: no line time, but the device still takes its time
    t0 = time.monotonic()
    pacer.hold(0.03)
    sent = []
    pacer.paced(b"x", lambda chunk: sent.append(time.monotonic()))
    assert sent[0] - t0 >= 0.03


def test_stopping_ends_a_wait_for_the_line():
    stop = threading.Event()
    pacer = Pacer(1200, 10, stop)
    pacer.hold(30)
    threading.Timer(0.05, stop.set).start()
    with pytest.raises(EOFError):
        pacer.paced(b"x", lambda chunk: None)


def test_an_endpoint_without_a_pacer_sleeps_the_delay():
    stop = threading.Event()
    t0 = time.monotonic()
    assert hold(object(), 0.02, stop) is False
    assert time.monotonic() - t0 >= 0.02


def test_without_line_pacing_a_message_leaves_in_one_piece_after_the_delay():
    pacer = Pacer(None)
    pacer.hold(0.01)
    sent = []
    pacer.paced(b"z" * 40, sent.append)
    assert sent == [b"z" * 40]
