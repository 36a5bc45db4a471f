"""`manage.py axis_simulator`: the local document-exchange axis stand-in (see
egov/documents/axis/simulator.py).

    manage.py axis_simulator --port 8027

Credentials come from EGOV_AXIS_KEY / EGOV_AXIS_SECRET. Mailboxes live in memory. Runs until
killed; SIGTERM and Ctrl-C stop it cleanly (exit code 0).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.core.simulator_server import serve_until_signal
from egov.documents.axis import conf
from egov.documents.axis.simulator import AxisSimulator, SimulatorConfig
from egov.notifications.management.commands.sms_simulator import port_number


class Command(BaseCommand):
    help = "Run a local national document-exchange axis (VDXP) simulator on 127.0.0.1 (development only)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=port_number, default=8027, help="TCP port on 127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        config = SimulatorConfig(client_id=conf.key(), secret=conf.secret())
        try:
            server = AxisSimulator(config, port=options["port"])
        except OSError as exc:
            raise CommandError(f"cannot listen on 127.0.0.1:{options['port']}: {exc}") from exc
        serve_until_signal(
            server,
            started=f"Document-exchange axis simulator listening on {server.url}",
            stopped="Document-exchange axis simulator stopped.",
            out=self.stdout,
        )
