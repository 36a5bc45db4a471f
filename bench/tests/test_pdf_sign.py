"""S12 with tiny parameters: the row shape only, never the timing."""

from __future__ import annotations

import pytest

from bench.runner import COLUMNS
from bench.scenarios import pdf_sign

pytestmark = pytest.mark.django_db


def test_pdf_sign_tiny() -> None:
    result = pdf_sign.run(n=1, rounds=5)
    assert result.number == "S12" and result.name == "pdf_sign"
    assert result.ops_per_second > 0 and result.baseline_ops_per_second > 0
    assert len(result.row()) == len(COLUMNS)
    assert pdf_sign.certificate_for_bench().pk == pdf_sign.certificate_for_bench().pk  # created once
