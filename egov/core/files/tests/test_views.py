from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from egov.accounts.models import User
from egov.core.files.access import register_file_access
from egov.core.files.models import StoredFile
from egov.core.files.services import file_store
from egov.core.files.storage import storage_path
from egov.core.files.tests import samples

pytestmark = pytest.mark.django_db

NAME = "Giấy khai sinh Nguyễn Văn Đức.pdf"


@pytest.fixture
def stored(citizen: User, other_user: User) -> StoredFile:
    # Attached to a user record only because it is a model every test database has.
    return file_store(upload=samples.upload(NAME, samples.pdf_bytes()), user=citizen, owner=other_user)


def _url(stored: StoredFile) -> str:
    return reverse("files:download", args=[stored.pk])


def test_url() -> None:
    assert reverse("files:download", args=["7d3c1b4e-9a2f-4c1d-8e5b-0a6f2d9c8b71"]) == (
        "/files/7d3c1b4e-9a2f-4c1d-8e5b-0a6f2d9c8b71/"
    )


def test_uploader_downloads_with_safe_headers(client: Client, citizen: User, stored: StoredFile) -> None:
    client.force_login(citizen)
    response = client.get(_url(stored))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf_bytes()  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(stored.size)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Giay khai sinh Nguyen Van Duc.pdf\"; filename*=UTF-8''" + quote(NAME, safe="")
    )
    assert "filename*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh%20" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_head_is_allowed(client: Client, citizen: User, stored: StoredFile) -> None:
    client.force_login(citizen)
    response = client.head(_url(stored))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_other_user_gets_404(client: Client, stored: StoredFile) -> None:
    intruder = User.objects.create_user(username="ketla", password="x" * 12)
    client.force_login(intruder)
    assert client.get(_url(stored)).status_code == 404


def test_unknown_id_is_404_too(client: Client, citizen: User) -> None:
    client.force_login(citizen)
    response = client.get(reverse("files:download", args=["7d3c1b4e-9a2f-4c1d-8e5b-0a6f2d9c8b71"]))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client: Client, stored: StoredFile) -> None:
    response = client.get(_url(stored))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={quote(_url(stored))}"


def test_superuser_may_download(client: Client, stored: StoredFile) -> None:
    admin = User.objects.create_superuser(username="quantri", password="x" * 12)
    client.force_login(admin)
    assert client.get(_url(stored)).status_code == 200


def test_registered_rule_decides_for_others(client: Client, other_user: User, stored: StoredFile) -> None:
    """The owner record's own user may read files attached to it; nobody else may."""
    seen: list[tuple[str, str]] = []

    def rule(user: User, file: StoredFile) -> bool:
        seen.append((user.username, file.owner_id))
        return file.owner_id == str(user.pk)

    register_file_access("accounts.user", rule)
    client.force_login(other_user)
    assert client.get(_url(stored)).status_code == 200
    stranger = User.objects.create_user(username="nguoila", password="x" * 12)
    client.force_login(stranger)
    assert client.get(_url(stored)).status_code == 404
    assert seen == [("nguoikhac", str(other_user.pk)), ("nguoila", str(other_user.pk))]


def test_no_rule_means_no_access(client: Client, other_user: User, stored: StoredFile) -> None:
    client.force_login(other_user)
    assert client.get(_url(stored)).status_code == 404


def test_conflicting_rule_is_a_configuration_error() -> None:
    from django.core.exceptions import ImproperlyConfigured

    def allow(user: object, file: StoredFile) -> bool:
        return True

    from egov.core.files.access import unregister_file_access

    try:
        register_file_access("tests.conflict", allow)
        register_file_access("tests.conflict", allow)  # same rule again: fine
        with pytest.raises(ImproperlyConfigured):
            register_file_access("tests.conflict", lambda user, file: True)
    finally:
        unregister_file_access("tests.conflict")


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_only_get_and_head(client: Client, citizen: User, stored: StoredFile, method: str) -> None:
    client.force_login(citizen)
    assert getattr(client, method)(_url(stored)).status_code == 405


def test_missing_bytes_are_404(client: Client, citizen: User, stored: StoredFile, files_root: Path) -> None:
    storage_path(stored.storage_name).unlink()
    client.force_login(citizen)
    assert client.get(_url(stored)).status_code == 404


def test_admin_list_is_read_only(client: Client, stored: StoredFile) -> None:
    admin = User.objects.create_superuser(username="quantri", password="x" * 12)
    client.force_login(admin)
    response = client.get(reverse("admin:files_storedfile_changelist"))
    assert response.status_code == 200
    assert NAME in response.content.decode()
    assert client.get(reverse("admin:files_storedfile_add")).status_code == 403
