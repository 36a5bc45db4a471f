"""The real DVCQG simulator on a free 127.0.0.1 port, settings pointing at it, and a world with a
published procedure (from the dossier service tests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from egov.dossiers.tests.services.conftest import World, build_world
from egov.nationalportal.simulator import DvcqgSimulator
from egov.nationalportal.testing import simulator_running

CLIENT_ID = "test-client"
SECRET = "test-secret"
PORTAL = "000.00.00.G22"


@pytest.fixture
def sim(settings: Any) -> Iterator[DvcqgSimulator]:
    settings.EGOV_DVCQG_ENABLED = True
    settings.EGOV_DVCQG_CLIENT_ID = CLIENT_ID
    settings.EGOV_DVCQG_SECRET = SECRET
    settings.EGOV_DVCQG_PORTAL_AGENCY_CODE = PORTAL
    settings.EGOV_DVCQG_TIMEOUT = 30.0
    with simulator_running(0, client_id=CLIENT_ID, secret=SECRET, portal_code=PORTAL) as server:
        settings.EGOV_DVCQG_BASE_URL = server.url
        yield server


@pytest.fixture
def world(db: None) -> World:
    return build_world()
