"""A tiny clamd stand-in speaking INSTREAM, on 127.0.0.1 or a unix socket, in a thread."""

from __future__ import annotations

import io
import socketserver
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from egov.core.files.tests.samples import EICAR

Handler = type[socketserver.BaseRequestHandler]


@dataclass
class Running:
    port: int = 0
    received: list[bytes] = field(default_factory=list)


def _read_exact(rfile: io.BufferedIOBase, size: int) -> bytes:
    data = rfile.read(size)
    if len(data) != size:
        raise ConnectionError("short read")
    return bytes(data)


class FakeClamd(socketserver.StreamRequestHandler):
    """FOUND for content containing the EICAR test string, OK otherwise."""

    def handle(self) -> None:
        command = _read_exact(self.rfile, len(b"zINSTREAM\0"))
        if command != b"zINSTREAM\0":
            self.wfile.write(b"UNKNOWN COMMAND\0")
            return
        content = bytearray()
        while True:
            (length,) = struct.unpack(">I", _read_exact(self.rfile, 4))
            if length == 0:
                break
            content += _read_exact(self.rfile, length)
        self.server.running.received.append(bytes(content))  # type: ignore[attr-defined]
        if EICAR in content:
            self.wfile.write(b"stream: Eicar-Test-Signature FOUND\0")
        else:
            self.wfile.write(b"stream: OK\0")


class HangUpClamd(socketserver.BaseRequestHandler):
    """Accepts the connection, reads a little, and closes it without an answer."""

    def handle(self) -> None:
        self.request.recv(16)


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _UnixServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


@contextmanager
def _serving(server: socketserver.BaseServer, running: Running) -> Iterator[Running]:
    server.running = running  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield running
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def clamd_tcp(handler: Handler = FakeClamd) -> Iterator[Running]:
    server = _TCPServer(("127.0.0.1", 0), handler)
    with _serving(server, Running(port=server.server_address[1])) as running:
        yield running


@contextmanager
def clamd_unix(path: str, handler: Handler = FakeClamd) -> Iterator[Running]:
    with _serving(_UnixServer(path, handler), Running()) as running:
        yield running
