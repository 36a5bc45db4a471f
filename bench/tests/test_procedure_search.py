"""S11b on a tiny catalogue: the generator is idempotent, the row has the runner's shape (never timing)."""

from __future__ import annotations

import pytest

from bench.runner import COLUMNS
from bench.scenarios import procedure_search
from egov.catalog.models import Procedure, ProcedureVersion
from egov.catalog.selectors import catalog_public_search

pytestmark = pytest.mark.django_db


def test_names_are_realistic_and_distinct() -> None:
    names = procedure_search.names(300)
    assert len(set(names)) == 300
    assert all(n.split()[0] in {"Đăng", "Cấp", "Gia", "Điều", "Thu", "Xác", "Thẩm"} for n in names)


def test_generate_and_run_tiny() -> None:
    assert procedure_search.ensure_procedures(40) == 40
    assert procedure_search.ensure_procedures(40) == 0  # idempotent
    assert Procedure.objects.filter(code__startswith="3.").count() == 40
    assert ProcedureVersion.objects.filter(status="published").count() == 40
    assert catalog_public_search(query="3.00001").count() == 10
    result = procedure_search.run(n=4, rounds=5, procedures=40)
    assert result.number == "S11b" and result.name == "procedure_search"
    assert result.ops_per_second > 0 and result.baseline_ops_per_second > 0
    assert len(result.row()) == len(COLUMNS)
    assert "40 procedures" in result.notes
