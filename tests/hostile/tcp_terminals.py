"""Hostile ZVT terminals on TCP (ZVT over TCP/IP: bare APDUs, no DLE framing, no link-level ACK byte), written from
the public rules (protocols/ZVT.md), not from the package's codecs.

  chatty-tcp    answers each command with 80 00 00, then sends 04 FF (intermediate status) every 0.5 s, forever
  silent-tcp    accepts the connection, reads, never answers
"""

from __future__ import annotations

import socket
import threading
import time


class HostileTcpTerminal:
    def __init__(self, behaviour: str = "chatty-tcp", interval: float = 0.5):
        assert behaviour in ("chatty-tcp", "silent-tcp"), behaviour
        self.behaviour, self.interval = behaviour, interval
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.1)
        self.address = f"socket://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        self.commands: list[bytes] = []
        self.sent_status = 0
        self.threads: list[threading.Thread] = []

    def __enter__(self) -> "HostileTcpTerminal":
        t = threading.Thread(target=self._accept, daemon=True, name="hostile-tcp")
        t.start()
        self.threads.append(t)
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(3)
        self.sock.close()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True, name="hostile-tcp-conn")
            t.start()
            self.threads.append(t)

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.05)
        chatting = False
        next_at = 0.0
        try:
            while not self.stop.is_set():
                try:
                    data = conn.recv(4096)
                    if not data:
                        return
                    if data[:2] != b"\x80\x00" and data[:1] != b"\x84":
                        self.commands.append(data)
                        if self.behaviour == "chatty-tcp":
                            conn.sendall(b"\x80\x00\x00")
                            chatting, next_at = True, time.monotonic()
                except socket.timeout:
                    pass
                if chatting and time.monotonic() >= next_at:
                    conn.sendall(b"\x04\xff\x01\x0a")  # "please wait", timeout byte 10 s: never the completion
                    self.sent_status += 1
                    next_at = time.monotonic() + self.interval
        except OSError:
            return
        finally:
            conn.close()
