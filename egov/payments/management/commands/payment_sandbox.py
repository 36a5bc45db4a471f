"""`manage.py payment_sandbox --port 8031 --ipn-url http://127.0.0.1:8000/thanh-toan/ipn/`:
the local VNPay-compatible gateway (egov/payments/sandbox.py), development only.

The TMN code and secret default to the Django settings (EGOV_PAYMENT_TMN_CODE,
EGOV_PAYMENT_HASH_SECRET), which default to the dev-only values in egov/payments/conf.py; the
environment variables PAYMENT_SANDBOX_TMN_CODE / PAYMENT_SANDBOX_SECRET / PAYMENT_SANDBOX_IPN_URL
and the flags override them. Runs until killed; SIGTERM and Ctrl-C stop it cleanly.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.notifications.management.commands.sms_simulator import http_url, port_number
from egov.payments import conf
from egov.payments.sandbox import PaymentSandbox, SandboxConfig


class Command(BaseCommand):
    help = "Run the local VNPay-compatible payment sandbox on 127.0.0.1 (development only)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=port_number, default=conf.DEV_SANDBOX_PORT, help="TCP port on 127.0.0.1"
        )
        parser.add_argument(
            "--ipn-url",
            type=http_url,
            default=os.environ.get("PAYMENT_SANDBOX_IPN_URL") or None,
            help="merchant IPN URL (default: EGOV_PUBLIC_BASE_URL + /thanh-toan/ipn/)",
        )
        parser.add_argument(
            "--tmn-code", default=os.environ.get("PAYMENT_SANDBOX_TMN_CODE") or conf.tmn_code()
        )
        parser.add_argument(
            "--secret", default=os.environ.get("PAYMENT_SANDBOX_SECRET") or conf.hash_secret()
        )
        parser.add_argument("--ipn-attempts", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.urls import reverse

        ipn_url = options["ipn_url"] or (conf.public_base_url() or "http://127.0.0.1:8000") + reverse(
            "payments:ipn"
        )
        config = SandboxConfig(
            tmn_code=options["tmn_code"],
            secret=options["secret"],
            ipn_url=ipn_url,
            ipn_attempts=max(1, options["ipn_attempts"]),
        )
        try:
            server = PaymentSandbox(config, port=options["port"])
        except (OSError, ValueError) as exc:
            raise CommandError(
                f"cannot start the payment sandbox on 127.0.0.1:{options['port']}: {exc}"
            ) from exc
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        server.start_in_thread()
        self.stdout.write(
            f"Payment sandbox (DEV ONLY) on {server.base_url}/paymentv2/vpcpay.html "
            f"(TMN {config.tmn_code}, IPN → {ipn_url})"
        )
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
        self.stdout.write("Payment sandbox stopped.")
