"""`manage.py dvcqg_simulator`: the local national-portal stand-in (see egov/nationalportal/simulator.py).

    manage.py dvcqg_simulator --port 8026 [--seed dossiers.json]

Credentials come from EGOV_DVCQG_CLIENT_ID / EGOV_DVCQG_SECRET. Runs until killed; SIGTERM and
Ctrl-C stop it cleanly (exit code 0).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.core.simulator_server import serve_until_signal
from egov.nationalportal import conf
from egov.nationalportal.simulator import DvcqgSimulator, SimulatorConfig
from egov.notifications.management.commands.sms_simulator import port_number


class Command(BaseCommand):
    help = "Run a local national public service portal (DVCQG) simulator on 127.0.0.1 (development only)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=port_number, default=8026, help="TCP port on 127.0.0.1")
        parser.add_argument("--seed", type=Path, default=None, help="JSON file: a list of dossier items")

    def handle(self, *args: Any, **options: Any) -> None:
        items: list[dict[str, Any]] = []
        if options["seed"] is not None:
            try:
                loaded = json.loads(options["seed"].read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read {options['seed']}: {exc}") from exc
            items = loaded.get("items", []) if isinstance(loaded, dict) else loaded
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise CommandError("the seed file must hold a list of dossier objects")
        config = SimulatorConfig(
            client_id=conf.client_id(), secret=conf.secret(), portal_code=conf.portal_agency_code()
        )
        try:
            server = DvcqgSimulator(config, port=options["port"])
        except OSError as exc:
            raise CommandError(f"cannot listen on 127.0.0.1:{options['port']}: {exc}") from exc
        codes = server.seed(items)
        serve_until_signal(
            server,
            started=f"DVCQG simulator listening on {server.url} ({len(codes)} dossiers queued)",
            stopped="DVCQG simulator stopped.",
            out=self.stdout,
        )
