from __future__ import annotations

from rest_framework.test import APIClient

from egov.api.tests.conftest import World, token_client
from egov.dossiers.tests.services.factories import make_procedure_version


def test_list_filters_accent_insensitive(world: World) -> None:
    other = make_procedure_version()
    client = token_client(world.specialist)
    body = client.get("/api/v1/procedures/", {"q": "thu tuc thu"}).json()
    codes = [p["code"] for p in body["results"]]
    assert world.version.procedure.code in codes and other.procedure.code in codes
    assert body["count"] == len(codes)
    one = client.get("/api/v1/procedures/", {"q": world.version.procedure.name.upper()}).json()
    assert world.version.procedure.code in [p["code"] for p in one["results"]]
    assert other.procedure.code not in [p["code"] for p in one["results"]]
    assert client.get("/api/v1/procedures/", {"level": "province"}).json()["count"] == 0
    assert client.get("/api/v1/procedures/", {"field": "TEST", "page_size": "1"}).json()["next"]


def test_detail_has_the_version_in_force(world: World) -> None:
    code = world.version.procedure.code
    body = token_client(world.specialist).get(f"/api/v1/procedures/{code}/").json()
    version = body["version"]
    assert version["id"] == world.version.pk
    assert version["deadline_hours"] == "24.00"
    assert [c["name"] for c in version["components"]] == ["Tờ khai", "Bản sao CCCD"]
    assert version["fees_total"] == "50000"
    assert version["implementing_agencies"] == ["000.00.31.H59"]
    assert "online_level" in version


def test_unknown_procedure_is_404(world: World) -> None:
    assert token_client(world.specialist).get("/api/v1/procedures/0.000000/").status_code == 404


def test_procedures_are_staff_only(world: World) -> None:
    code = world.version.procedure.code
    assert APIClient().get(f"/api/v1/procedures/{code}/").status_code == 401
