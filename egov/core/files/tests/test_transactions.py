"""Real commits and rollbacks (not the test's own wrapping transaction)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from egov.accounts.models import User
from egov.core.files.models import StoredFile
from egov.core.files.services import file_store
from egov.core.files.storage import storage_path
from egov.core.files.tests import samples


def test_committed_file_stays_and_real_rollback_removes(
    audit_truncate_allowed: None, transactional_db: None, files_root: Path
) -> None:
    user = User.objects.create_user(username="canbo", password="x" * 12, kind="staff")
    with transaction.atomic():
        kept = file_store(upload=samples.upload("a.pdf", samples.pdf_bytes()), user=user)
    assert storage_path(kept.storage_name).exists()

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        lost = file_store(upload=samples.upload("b.pdf", samples.pdf_bytes()), user=user)
        assert storage_path(lost.storage_name).exists()
        1 / 0  # noqa: B018
    assert not storage_path(lost.storage_name).exists()

    with transaction.atomic():
        with pytest.raises(ZeroDivisionError), transaction.atomic():  # a savepoint
            inner = file_store(upload=samples.upload("c.pdf", samples.pdf_bytes()), user=user)
            1 / 0  # noqa: B018
        outer = file_store(upload=samples.upload("d.pdf", samples.pdf_bytes()), user=user)
    assert not storage_path(inner.storage_name).exists()
    assert storage_path(outer.storage_name).exists()

    autocommitted = file_store(upload=samples.upload("e.pdf", samples.pdf_bytes()), user=user)
    assert storage_path(autocommitted.storage_name).exists()

    expected = {kept.pk, outer.pk, autocommitted.pk}
    assert set(StoredFile.objects.values_list("pk", flat=True)) == expected
    assert len(samples.stored_paths(files_root)) == 3
