"""S13 smoke test: the measuring code submits real dossiers; row shape only, never timing."""

from __future__ import annotations

import pytest

from bench.runner import COLUMNS
from bench.scenarios import portal_submit
from egov.dossiers.models import Dossier
from egov.dossiers.tests.services.conftest import build_world

pytestmark = pytest.mark.django_db


def test_pdf_of_size_is_a_real_pdf_of_that_size() -> None:
    import io

    from egov.core.files.sniffing import sniff

    data = portal_submit.pdf_of_size(200_000)
    assert len(data) == 200_000
    assert sniff(io.BytesIO(data)).kind == "pdf"


def test_portal_submit_row(settings: object, monkeypatch: pytest.MonkeyPatch) -> None:
    build_world()
    monkeypatch.setattr(portal_submit, "SIZE", 20_000)
    result = portal_submit.run(n=1, rounds=5)
    assert result.number == "S13" and len(result.row()) == len(COLUMNS)
    assert result.n == 5 and result.baseline_ops_per_second > 0
    submitted = Dossier.objects.filter(procedure_version__procedure__code=portal_submit.PROCEDURE_CODE)
    assert submitted.count() == 6 and {d.status for d in submitted} == {Dossier.Status.SUBMITTED}
    assert all(d.components.count() == portal_submit.ATTACHMENTS for d in submitted)
