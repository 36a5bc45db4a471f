"""`make run`: web server, task worker and periodic runner in one terminal; Ctrl-C stops all three."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the web server, the task worker and the periodic runner together (embedded mode)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--periodic-seconds", type=int, default=60)
        parser.add_argument(
            "--sms-port", type=int, default=8025, help="port of the local SMS-gateway simulator"
        )
        parser.add_argument(
            "--payment-port", type=int, default=8031, help="port of the local payment-gateway sandbox"
        )
        parser.add_argument(
            "--dvcqg-port", type=int, default=8026, help="port of the local national-portal simulator"
        )
        parser.add_argument(
            "--axis-port", type=int, default=8027, help="port of the local document-exchange axis simulator"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        py = sys.executable
        sms_port = str(options["sms_port"])
        dvcqg_port = str(options["dvcqg_port"])
        pay_port = str(options["payment_port"])
        axis_port = str(options["axis_port"])
        env = {
            **os.environ,
            "SMS_GATEWAY_URL": f"http://127.0.0.1:{sms_port}/send",
            "DVCQG_BASE_URL": f"http://127.0.0.1:{dvcqg_port}",
            "DVCQG_ENABLED": os.environ.get("DVCQG_ENABLED", "true"),
            "AXIS_URL": f"http://127.0.0.1:{axis_port}",
            "AXIS_ENABLED": os.environ.get("AXIS_ENABLED", "true"),
            "EGOV_PAYMENT_GATEWAY_URL": f"http://127.0.0.1:{pay_port}/paymentv2/vpcpay.html",
            "EGOV_PAYMENT_QUERY_URL": f"http://127.0.0.1:{pay_port}/merchant_webapi/api/transaction",
            "EGOV_PUBLIC_BASE_URL": os.environ.get("EGOV_PUBLIC_BASE_URL", f"http://{options['addr']}"),
        }
        commands = {
            "web": [py, "manage.py", "runserver", options["addr"], "--noreload"],
            "worker": [py, "manage.py", "db_worker", "--interval", "1"],
            "periodic": [py, "manage.py", "run_periodic", "--loop", str(options["periodic_seconds"])],
            "sms-simulator": [py, "manage.py", "sms_simulator", "--port", sms_port],
            "dvcqg-simulator": [py, "manage.py", "dvcqg_simulator", "--port", dvcqg_port],
            "axis-simulator": [py, "manage.py", "axis_simulator", "--port", axis_port],
            "payment-sandbox": [
                py,
                "manage.py",
                "payment_sandbox",
                "--port",
                pay_port,
                "--ipn-url",
                f"http://{options['addr']}/thanh-toan/ipn/",
            ],
        }
        # Fixed argument lists built here, never from user input.
        procs = {
            name: subprocess.Popen(cmd, cwd=settings.BASE_DIR, env=env)  # noqa: S603
            for name, cmd in commands.items()
        }
        self._banner(options["addr"], pay_port=pay_port, axis_port=axis_port)
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, proc in procs.items():
                    if proc.poll() is not None:
                        self.stderr.write(f"{name} exited with code {proc.returncode}; stopping everything")
                        stopping = True
                time.sleep(0.5)
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    proc.terminate()
            deadline = time.monotonic() + 10
            for proc in procs.values():
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
            self.stdout.write("egov stopped: web server, worker and periodic runner are down.")

    def _banner(self, addr: str, *, pay_port: str, axis_port: str) -> None:
        from egov.org.demo import demo_logins_text

        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"egov is running:  http://{addr}/",
                    f"  staff workspace http://{addr}/staff/",
                    f"  administration  http://{addr}/admin/",
                    f"  API docs        http://{addr}/api/docs/",
                    f"  online services http://{addr}/dich-vu-cong/",
                    f"  national portal http://{addr}/staff/national-portal/ (local simulator)",
                    f"  payment sandbox http://127.0.0.1:{pay_port}/ (dev only, no real money)",
                    f"  document axis   http://127.0.0.1:{axis_port}/ (local simulator of the exchange axis)",
                    f"  health          http://{addr}/healthz",
                    "",
                    demo_logins_text(),
                    "Press Ctrl-C to stop the web server, the worker and the periodic runner.",
                    "",
                ]
            )
        )
