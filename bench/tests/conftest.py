"""A small world for the bench smoke tests: the dossier service tests' agency, officer, leader,
procedure and process (no demo_seed, which is slow), plus a few generated dossiers."""

from __future__ import annotations

import pytest

from egov.dossiers.tests.services.conftest import World, build_world


@pytest.fixture
def bench_world(db: None) -> World:
    return build_world()
