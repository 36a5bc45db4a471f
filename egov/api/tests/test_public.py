from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from egov.api.auth import PublicRateThrottle
from egov.api.tests.conftest import World
from egov.dossiers.models import Dossier
from egov.dossiers.tests.services.factories import make_dossier


def test_status_is_public_and_masked(world: World) -> None:
    dossier = make_dossier(competent_agency=world.agency, version=world.version)
    response = APIClient().get(f"/api/v1/public/dossiers/{dossier.code}/status/")
    assert response.status_code == 200
    body = response.json()
    assert body["applicant"] == "Nguyễn V** A**"
    assert "Nguyễn Văn An" not in response.content.decode()
    assert body["status"] == "processing"
    assert "applicant_id_number" not in body


def test_unknown_and_draft_codes_are_404(world: World) -> None:
    draft = make_dossier(competent_agency=world.agency, version=world.version, status=Dossier.Status.DRAFT)
    client = APIClient()
    assert client.get("/api/v1/public/dossiers/NO-SUCH-CODE/status/").status_code == 404
    assert client.get(f"/api/v1/public/dossiers/{draft.code}/status/").status_code == 404


def test_status_is_throttled(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PublicRateThrottle, "rate", "2/min")
    client = APIClient()
    codes = [client.get("/api/v1/public/dossiers/NO-SUCH-CODE/status/").status_code for _ in range(3)]
    assert codes == [404, 404, 429]
