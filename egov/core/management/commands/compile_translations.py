"""Compile every .po catalogue (project locale/ and each app's locale/) to .mo with polib.

Pure Python, so `make run` works on a machine without GNU gettext's msgfmt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile .po translation catalogues to .mo (no GNU gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        base = Path(settings.BASE_DIR)
        catalogues = sorted(
            p for p in base.glob("**/LC_MESSAGES/*.po") if ".venv" not in p.parts and "var" not in p.parts
        )
        for po_path in catalogues:
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        self.stdout.write(f"{len(catalogues)} catalogues compiled")
