"""Account tests run with the authentication backends the project is meant to use (see the
report to the integrator: config/settings/base.py AUTHENTICATION_BACKENDS)."""

from __future__ import annotations

from typing import Any

import pytest

BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "egov.accounts.backends.CitizenIdentifierBackend",
    "egov.accounts.oidc.EgovOIDCBackend",
]


@pytest.fixture(autouse=True)
def _account_backends(settings: Any) -> None:
    settings.AUTHENTICATION_BACKENDS = BACKENDS
