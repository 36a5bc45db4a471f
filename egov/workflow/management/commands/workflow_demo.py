"""Create and publish a typical process for every procedure in force (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from egov.workflow.demo import workflow_demo_seed


class Command(BaseCommand):
    help = "Create and publish a typical internal process for each procedure in force and agency."

    def handle(self, *args: Any, **options: Any) -> None:
        created = workflow_demo_seed()
        self.stdout.write(f"Quy trình mẫu: {created} quy trình mới được công bố.")
