"""Printing tests: one dossier with components and hand-overs, and poppler helpers."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from egov.dossiers.models import Dossier
from egov.dossiers.tests.public.helpers import make_tracked_dossier


@pytest.fixture
def dossier(db: None, settings: Any) -> Dossier:
    settings.EGOV_PRINT_PLACE = "Tây Ninh"
    settings.EGOV_PUBLIC_BASE_URL = "https://dichvucong.example.vn"
    return make_tracked_dossier()


class Poppler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, pdf: bytes) -> Path:
        path = self.folder / "doc.pdf"
        path.write_bytes(pdf)
        return path

    def run(self, tool: str, pdf: bytes, *args: str) -> str:
        out = subprocess.run(
            [tool, *args, str(self._file(pdf)), "-"][: None if tool == "pdftotext" else -1],
            capture_output=True,
            check=True,
            timeout=60,
        )
        return out.stdout.decode("utf-8")

    def text(self, pdf: bytes, *, raw: bool = False) -> str:
        return self.run("pdftotext", pdf, "-raw" if raw else "-layout")

    def fonts(self, pdf: bytes) -> str:
        return self.run("pdffonts", pdf)

    def info(self, pdf: bytes) -> str:
        return self.run("pdfinfo", pdf)


@pytest.fixture
def poppler(tmp_path: Path) -> Poppler:
    return Poppler(tmp_path)
