"""Fixtures for the public tracking tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from egov.dossiers.models import Dossier
from egov.dossiers.public_status import forget
from egov.dossiers.tests.public.helpers import make_tracked_dossier


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()
    forget()  # the per-process status cache


@pytest.fixture
def tracked(db: None) -> Dossier:
    return make_tracked_dossier()
