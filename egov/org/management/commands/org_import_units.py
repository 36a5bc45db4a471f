"""Import the 34 provincial and 3,321 commune-level units (2025) from `vietnam-provinces`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from egov.org.services import admin_units_import


class Command(BaseCommand):
    help = "Import (or refresh) the 2025 administrative units: 34 provinces, 3,321 communes. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = admin_units_import()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{result.provinces} tỉnh/thành phố, {result.communes} xã/phường/đặc khu "
            f"(mới: {result.created}, cập nhật: {result.updated}) trong {elapsed:.2f} s"
        )
