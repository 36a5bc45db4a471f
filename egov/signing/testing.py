"""Helpers for tests and benchmarks: a sample PDF, pdfsig parsing."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass


def sample_pdf() -> bytes:
    from egov.printing.pdf import pdf_render

    return pdf_render(
        template="signing/sample_document.html",
        context={
            "agency_governing": "UBND TỈNH TÂY NINH",
            "agency_unit": "VĂN PHÒNG",
            "title": "THÔNG BÁO",
            "place_date": "Tây Ninh, ngày 23 tháng 11 năm 2026",
            "doc_number": "12/TB-UBND",
        },
    )


@dataclass
class PdfsigResult:
    output: str
    valid: list[bool]
    signers: list[str]


def pdfsig(path: str) -> PdfsigResult:
    exe = shutil.which("pdfsig") or "/usr/bin/pdfsig"
    proc = subprocess.run([exe, path], capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    out = proc.stdout + proc.stderr
    valid = [m == "Signature is Valid." for m in re.findall(r"Signature Validation: (.+)", out)]
    signers = re.findall(r"Signer Certificate Common Name: (.+)", out)
    return PdfsigResult(out, valid, signers)
