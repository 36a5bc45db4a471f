"""The real axis simulator on a free 127.0.0.1 port and settings pointing at it; the documents
world (agency A with a leader who signs, an external recipient with code EXTERNAL_CODE) and
agency B holding that code, so A and B talk through the same simulator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from egov.documents.axis.simulator import AxisSimulator
from egov.documents.axis.testing import axis_simulator_running

KEY = "test-axis-key"
SECRET = "test-axis-secret"


@pytest.fixture
def axis(settings: Any) -> Iterator[AxisSimulator]:
    settings.EGOV_AXIS_ENABLED = True
    settings.EGOV_AXIS_KEY = KEY
    settings.EGOV_AXIS_SECRET = SECRET
    settings.EGOV_AXIS_TIMEOUT = 30.0
    settings.EGOV_AXIS_AGENCY_CODES = []
    with axis_simulator_running(0, key=KEY, secret=SECRET) as server:
        settings.EGOV_AXIS_URL = server.url
        yield server
