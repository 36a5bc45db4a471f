from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from egov.api.public import PublicStatusSerializer, public_api_rate
from egov.api.tests.conftest import World
from egov.dossiers.models import Dossier, Handover
from egov.dossiers.public_status import forget, public_status
from egov.dossiers.tests.services.factories import make_dossier


@pytest.fixture(autouse=True)
def _fresh_status_cache() -> None:
    forget()


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


def test_status_is_throttled(world: World, settings: Any) -> None:
    settings.EGOV_RATELIMIT_PUBLIC_API = "2/m"
    client = APIClient()
    codes = [client.get("/api/v1/public/dossiers/NO-SUCH-CODE/status/").status_code for _ in range(3)]
    assert codes == [404, 404, 429]


def test_throttle_rate_is_a_setting(world: World, settings: Any) -> None:
    settings.EGOV_RATELIMIT_PUBLIC_API = "1/m"
    client = APIClient()
    url = "/api/v1/public/dossiers/NO-SUCH-CODE/status/"
    assert client.get(url, REMOTE_ADDR="10.1.0.1").status_code == 404
    response = client.get(url, REMOTE_ADDR="10.1.0.1")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "detail" in response.json()
    assert client.get(url, REMOTE_ADDR="10.1.0.2").status_code == 404  # per client IP


def test_default_rate_is_60_per_minute(settings: Any) -> None:
    if hasattr(settings, "EGOV_RATELIMIT_PUBLIC_API"):
        del settings.EGOV_RATELIMIT_PUBLIC_API
    assert public_api_rate() == (60, 60)


def test_body_matches_the_documented_serializer(world: World, django_assert_num_queries: Any) -> None:
    dossier = make_dossier(competent_agency=world.agency, version=world.version, due_at=None)
    Handover.objects.create(
        dossier=dossier,
        at=datetime(2026, 11, 23, 2, 0, 0, 123456, tzinfo=UTC),
        from_agency=world.agency,
        step_name="Thẩm định",
    )
    url = f"/api/v1/public/dossiers/{dossier.code}/status/"
    client = APIClient()
    with django_assert_num_queries(1):
        response = client.get(url)
    with django_assert_num_queries(0):
        cached = client.get(url)
    assert response.status_code == cached.status_code == 200
    assert response["Content-Type"] == "application/json"
    found = public_status(code=dossier.code)
    assert found is not None
    expected = JSONRenderer().render(PublicStatusSerializer(found).data)
    assert response.content == cached.content == expected
    body = response.json()
    assert body["due_at"] is None
    assert body["steps"] == [{"name": "Thẩm định", "at": "2026-11-23T09:00:00.123456+07:00"}]
    assert not response.cookies


def test_only_get_and_head(world: World) -> None:
    dossier = make_dossier(competent_agency=world.agency, version=world.version)
    url = f"/api/v1/public/dossiers/{dossier.code}/status/"
    client = APIClient()
    assert client.head(url).status_code == 200
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == 405
    assert client.generic("TRACE", url).status_code == 405
