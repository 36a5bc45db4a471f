from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import import_string

from egov.core.periodic import PERIODIC_JOBS

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run every periodic job once (or forever with --loop SECONDS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", type=int, default=0, help="repeat every N seconds until stopped")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for path in PERIODIC_JOBS:
                try:
                    handled = import_string(path)()
                except Exception:  # one failing job must not stop the others
                    log.exception("periodic job %s failed", path)
                    continue
                if handled:
                    self.stdout.write(f"{path}: {handled}")
            if not options["loop"]:
                return
            time.sleep(options["loop"])
