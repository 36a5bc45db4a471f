from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from egov.catalog.demo import catalog_demo_seed


class Command(BaseCommand):
    help = "Load the demo procedure catalogue (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = catalog_demo_seed()
        self.stdout.write(self.style.SUCCESS(f"catalog_demo: {created} procedure(s) created."))
