"""Fixtures for the API tests: two agencies, staff of each, a published procedure and its process,
and API clients authenticated with tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from egov.catalog.models import ProcedureVersion
from egov.dossiers.tests.services.factories import make_procedure_version, make_process, make_staff
from egov.org.models import Agency, Role
from egov.org.tests.factories import AgencyFactory


@dataclass
class World:
    agency: Agency
    other: Agency
    version: ProcedureVersion
    officer: Any
    specialist: Any
    outsider: Any

    def client_for(self, user: Any) -> APIClient:
        return token_client(user)


def token_client(user: Any) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture(autouse=True)
def _fresh_throttles() -> None:
    cache.clear()


@pytest.fixture
def world(db: None) -> World:
    agency = cast(Agency, AgencyFactory(agency_code="000.00.31.H59"))
    other = cast(Agency, AgencyFactory(agency_code="000.00.32.H59"))
    version = make_procedure_version(agencies=[agency], fees=[("Lệ phí", "50000")])
    make_process(procedure=version.procedure, agency=agency)
    return World(
        agency=agency,
        other=other,
        version=version,
        officer=make_staff(agency=agency, role=Role.RECEPTION_OFFICER),
        specialist=make_staff(agency=agency, role=Role.SPECIALIST),
        outsider=make_staff(agency=other, role=Role.SPECIALIST),
    )
