"""Shared pytest fixtures for every app and the cross-app tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _files_root(tmp_path, settings):  # type: ignore[no-untyped-def]
    """Each test stores uploads in its own folder, so nothing leaks between tests."""
    settings.EGOV_FILES_ROOT = tmp_path / "files"
