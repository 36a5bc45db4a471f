from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from pytest_django import Settings

from egov.accounts.models import User
from egov.core.files import access


@pytest.fixture(autouse=True)
def _vietnamese() -> Iterator[None]:
    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def _no_clamd(settings: Settings) -> None:
    settings.EGOV_CLAMD_SOCKET = ""
    settings.EGOV_CLAMD_HOST = ""


@pytest.fixture(autouse=True)
def _access_rules() -> Iterator[None]:
    """Rules registered by a test do not leak into the next one."""
    saved = dict(access._RULES)
    yield
    access._RULES.clear()
    access._RULES.update(saved)


@pytest.fixture
def files_root(settings: Settings) -> Path:
    return Path(settings.EGOV_FILES_ROOT)


@pytest.fixture
def citizen(db: None) -> User:
    return User.objects.create_user(username="congdan", password="x" * 12, full_name="Trần Thị Bình")


@pytest.fixture
def other_user(db: None) -> User:
    return User.objects.create_user(username="nguoikhac", password="x" * 12)
