"""Optional ClamAV check through clamd's INSTREAM command, on the socket module alone.

On when settings.EGOV_CLAMD_SOCKET (a unix socket path) or EGOV_CLAMD_HOST is set. Anything but a
clear "OK" or "FOUND" answer raises ScannerUnavailable, and the caller refuses the upload: a
configured scanner that does not answer must never let files through (fail closed).
"""

from __future__ import annotations

import socket
import struct
from typing import BinaryIO

from django.conf import settings

CHUNK_SIZE = 64 * 1024
MAX_REPLY = 4096


class ScannerUnavailable(Exception):
    """clamd could not be reached or gave no usable answer."""


def antivirus_enabled() -> bool:
    return bool(settings.EGOV_CLAMD_SOCKET or settings.EGOV_CLAMD_HOST)


def _timeout() -> float:
    # Optional setting; not in config/ yet.
    return float(settings.EGOV_CLAMD_TIMEOUT)


def _connect() -> socket.socket:
    timeout = _timeout()
    if settings.EGOV_CLAMD_SOCKET:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(str(settings.EGOV_CLAMD_SOCKET))
        except OSError:
            sock.close()
            raise
        return sock
    return socket.create_connection(
        (settings.EGOV_CLAMD_HOST, int(settings.EGOV_CLAMD_PORT)), timeout=timeout
    )


def _read_reply(sock: socket.socket) -> str:
    reply = b""
    while b"\0" not in reply and len(reply) < MAX_REPLY:
        data = sock.recv(MAX_REPLY)
        if not data:
            break
        reply += data
    return reply.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


def antivirus_scan(stream: BinaryIO) -> str | None:
    """Send the stream (from its current position) to clamd.

    Returns None if clean, the signature name if infected; raises ScannerUnavailable otherwise.
    """
    try:
        with _connect() as sock:
            sock.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK_SIZE):
                sock.sendall(struct.pack(">I", len(chunk)) + chunk)
            sock.sendall(struct.pack(">I", 0))
            reply = _read_reply(sock)
    except OSError as exc:  # refused, reset, timed out, broken pipe …
        raise ScannerUnavailable(f"clamd: {exc}") from exc
    return _parse_reply(reply)


def _parse_reply(reply: str) -> str | None:
    """'stream: OK' → None; 'stream: Eicar-Signature FOUND' → 'Eicar-Signature'."""
    _, sep, verdict = reply.partition(": ")
    if not sep:
        raise ScannerUnavailable(f"clamd: unexpected reply {reply[:200]!r}")
    if verdict == "OK":
        return None
    if verdict.endswith(" FOUND"):
        return verdict.removesuffix(" FOUND").strip() or "unknown"
    # e.g. "INSTREAM size limit exceeded. ERROR": the file was not checked.
    raise ScannerUnavailable(f"clamd: {reply[:200]!r}")
