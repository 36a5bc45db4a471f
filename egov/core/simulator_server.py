"""The HTTP server under the local simulators of external systems (national portal, document-exchange
axis): bound to 127.0.0.1, a random port by default, startable in a thread for tests and stoppable.
Each simulator adds its own state and request handler."""

from __future__ import annotations

import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType

from django.core.management.base import OutputWrapper

HOST = "127.0.0.1"


class LocalSimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    thread_name = "simulator"

    def __init__(self, handler: type[BaseHTTPRequestHandler], *, port: int = 0) -> None:
        self._thread: threading.Thread | None = None
        super().__init__((HOST, port), handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start_in_thread(self) -> threading.Thread:
        self._thread = threading.Thread(target=self.serve_forever, name=self.thread_name, daemon=True)
        self._thread.start()
        return self._thread

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=30)


def serve_until_signal(
    server: LocalSimulatorServer, *, started: str, stopped: str, out: OutputWrapper
) -> None:
    """Serve in a thread until SIGTERM or Ctrl-C (for the `manage.py …_simulator` commands), then stop
    cleanly and restore the previous signal handlers."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    server.start_in_thread()
    out.write(started)
    out.flush()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    out.write(stopped)
