"""`manage.py sms_simulator`: the local SMS gateway (see egov/notifications/sms_simulator.py).

Runs until killed; SIGTERM and Ctrl-C stop it cleanly (exit code 0).
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.notifications.sms_simulator import SimulatorConfig, SmsSimulator


def port_number(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range: {port}")
    return port


def probability(value: str) -> float:
    try:
        rate = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= rate <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {rate}")
    return rate


def http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {value!r}")
    return value


def seconds(value: str) -> float:
    try:
        delay = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= delay <= 3600:
        raise argparse.ArgumentTypeError(f"must be between 0 and 3600: {delay}")
    return delay


class Command(BaseCommand):
    help = "Run a local SMS gateway simulator on 127.0.0.1 (development only)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=port_number, default=8025, help="TCP port on 127.0.0.1")
        parser.add_argument(
            "--fail-rate", type=probability, default=0.0, help="probability of answering 503 (0 to 1)"
        )
        parser.add_argument(
            "--callback-url", type=http_url, default=None, help="where to POST delivery receipts"
        )
        parser.add_argument("--callback-delay", type=seconds, default=1.0, help="seconds before a receipt")
        parser.add_argument("--log", type=Path, default=None, help="JSONL file (EGOV_SMS_SIMULATOR_LOG)")

    def handle(self, *args: Any, **options: Any) -> None:
        token = settings.EGOV_SMS_GATEWAY_TOKEN
        if not token:
            raise CommandError("EGOV_SMS_GATEWAY_TOKEN is empty")
        config = SimulatorConfig(
            token=token,
            log_path=Path(options["log"] or settings.EGOV_SMS_SIMULATOR_LOG),
            fail_rate=options["fail_rate"],
            callback_url=options["callback_url"] or "",
            callback_delay=options["callback_delay"],
        )
        try:
            server = SmsSimulator(config, port=options["port"])
        except OSError as exc:
            raise CommandError(f"cannot listen on 127.0.0.1:{options['port']}: {exc}") from exc

        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        server.start_in_thread()
        self.stdout.write(f"SMS simulator listening on {server.url} (log: {config.log_path})")
        self.stdout.flush()
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("SMS simulator stopped.")
