"""Run the local remote-signing simulator: manage.py remote_sign_simulator --port 8765 [--auto-approve]."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from egov.signing import conf
from egov.signing.remote_simulator import simulator_server


class Command(BaseCommand):
    help = "Run the local remote-signing (SmartCA/MySign style) simulator on 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--auto-approve", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        server = simulator_server(
            port=options["port"], secret=conf.remote_api_secret(), auto_approve=options["auto_approve"]
        )
        self.stdout.write(f"Remote-signing simulator on http://127.0.0.1:{options['port']}/")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
