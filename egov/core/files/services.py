"""Writes: storing an upload (file_store) and attaching a stored file to its owner (file_attach).

How a stored file follows the database transaction
---------------------------------------------------
1. The upload is streamed to a temp file in EGOV_FILES_ROOT/tmp (size limit enforced while
   streaming, SHA-256 computed on the way), checked (content sniffing, extension, allow-list,
   optional clamd), then moved with os.replace to its random final path. Any failure up to here
   deletes the temp file; nothing reaches the database.
2. The row and its audit record are written in `transaction.atomic()`. If that block fails, the
   final file is deleted before the exception propagates.
3. If a *surrounding* transaction rolls back later, the file must go too. Django has no rollback
   hook, so the service registers a commit callback whose only reference is Django's pending
   on-commit list, and ties the file's deletion to that callback with `weakref.finalize`:
   - on commit, Django calls the callback, which detaches the finalizer: the file stays;
   - on rollback (of the transaction, or of a savepoint around the store), Django discards the
     pending callbacks; the callback object is freed at once (CPython reference counting) and the
     finalizer deletes the file. A process that dies mid-transaction runs the finalizer at exit;
     a hard crash can leave an orphan file that has no row (harmless, unreachable: see the report
     for the sweeper left open).
Outside any transaction (autocommit) the row is committed at the end of step 2 and the callback
runs immediately.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, router, transaction

from egov.core.audit.services import audit_record
from egov.core.files.antivirus import ScannerUnavailable, antivirus_enabled, antivirus_scan
from egov.core.files.checks import CheckedUpload, upload_check, upload_check_size, upload_max_bytes
from egov.core.files.errors import UploadRejected, size_format
from egov.core.files.kinds import kinds_normalise
from egov.core.files.models import StoredFile
from egov.core.files.naming import filename_sanitise
from egov.core.files.storage import (
    FILE_MODE,
    dir_ensure,
    storage_name_new,
    storage_path,
    tmp_dir,
    unlink_quiet,
)

logger = logging.getLogger(__name__)


def owner_key(owner: models.Model) -> tuple[str, str]:
    """('app_label.model', 'pk') for the generic owner link."""
    if owner.pk is None:
        raise ValueError("The owner must be saved before files are attached to it.")
    return owner._meta.label_lower, str(owner.pk)


def file_store(
    *,
    upload: UploadedFile,
    user: Any,
    allowed_kinds: frozenset[str] | None = None,
    owner: models.Model | None = None,
) -> StoredFile:
    """Check and store one upload; raise UploadRejected (a ValidationError) when it is refused.

    `user` is the uploader (None or an anonymous user for system imports). On refusal nothing is
    left on disk or in the database.
    """
    allowed = kinds_normalise(allowed_kinds)  # a wrong kind is a programming error: fail before I/O
    name = filename_sanitise(upload.name or "")
    max_bytes = upload_max_bytes()
    if upload.size is not None:
        upload_check_size(name=name, size=upload.size, max_bytes=max_bytes)
    owner_type, owner_id = owner_key(owner) if owner is not None else ("", "")

    temp, size, sha256 = _spool(upload, name=name, max_bytes=max_bytes)
    try:
        with open(temp, "rb") as stream:
            checked = upload_check(
                name=name, stream=stream, size=size, allowed_kinds=allowed, max_bytes=max_bytes
            )
            _scan(stream, name=name)
        storage_name, final = _final_place()
        os.replace(temp, final)
    except BaseException:
        unlink_quiet(temp)
        raise

    uploader = user if user is not None and user.is_authenticated else None
    using = router.db_for_write(StoredFile)
    try:
        with transaction.atomic(using=using):
            stored = _create_row(
                checked,
                size=size,
                sha256=sha256,
                storage_name=storage_name,
                uploader=uploader,
                owner_type=owner_type,
                owner_id=owner_id,
            )
            _delete_on_rollback(final, using=using)
    except BaseException:
        unlink_quiet(final)
        raise
    return stored


def _create_row(
    checked: CheckedUpload,
    *,
    size: int,
    sha256: str,
    storage_name: str,
    uploader: Any,
    owner_type: str,
    owner_id: str,
) -> StoredFile:
    stored = StoredFile.objects.create(
        original_name=checked.name,
        kind=checked.kind,
        content_type=checked.content_type,
        size=size,
        sha256=sha256,
        storage_name=storage_name,
        uploaded_by_id=uploader.pk if uploader is not None else None,
        owner_type=owner_type,
        owner_id=owner_id,
    )
    audit_record(
        actor=uploader,
        action="file.store",
        target=stored,
        to_state="stored",
        data={
            "name": stored.original_name,
            "kind": stored.kind,
            "size": size,
            "sha256": sha256,
            "owner_type": owner_type,
            "owner_id": owner_id,
        },
    )
    return stored


def file_attach(*, stored: StoredFile, owner: models.Model, user: Any) -> StoredFile:
    """Attach a file stored without an owner (e.g. before its dossier existed) to `owner`.

    A file already attached to a different object cannot be moved.
    """
    owner_type, owner_id = owner_key(owner)
    with transaction.atomic(using=router.db_for_write(StoredFile)):
        current = StoredFile.objects.select_for_update().get(pk=stored.pk)
        if (current.owner_type, current.owner_id) == (owner_type, owner_id):
            return current
        if current.owner_type:
            raise ValueError("This file is already attached to another object.")
        StoredFile.objects.filter(pk=current.pk).update(owner_type=owner_type, owner_id=owner_id)
        current.owner_type, current.owner_id = owner_type, owner_id
        audit_record(
            actor=user if user is not None and user.is_authenticated else None,
            action="file.attach",
            target=current,
            data={"owner_type": owner_type, "owner_id": owner_id},
        )
    return current


def file_copy(*, stored: StoredFile, user: Any) -> StoredFile:
    """A new, unattached copy of `stored` uploaded by `user` (reuse from a citizen's data store:
    the original stays with the dossier that owns it, the copy goes into the new one). The bytes
    were checked when first stored; the copy is verified against the recorded checksum."""
    source = storage_path(stored.storage_name)
    storage_name, final = _final_place()
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as src, open(final, "wb") as out:
            os.fchmod(out.fileno(), FILE_MODE)
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != stored.sha256:
            raise UploadRejected("corrupt", name=stored.original_name)
    except BaseException:
        unlink_quiet(final)
        raise
    uploader = user if user is not None and user.is_authenticated else None
    using = router.db_for_write(StoredFile)
    try:
        with transaction.atomic(using=using):
            copy = StoredFile.objects.create(
                original_name=stored.original_name,
                kind=stored.kind,
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                storage_name=storage_name,
                uploaded_by_id=uploader.pk if uploader is not None else None,
            )
            audit_record(
                actor=uploader,
                action="file.copy",
                target=copy,
                to_state="stored",
                data={"from": str(stored.pk), "sha256": stored.sha256, "size": stored.size},
            )
            _delete_on_rollback(final, using=using)
    except BaseException:
        unlink_quiet(final)
        raise
    return copy


def _spool(upload: UploadedFile, *, name: str, max_bytes: int) -> tuple[Path, int, str]:
    """Copy the upload to a private temp file; enforce the size limit on the bytes really read."""
    directory = tmp_dir()
    dir_ensure(directory)
    fd, raw_path = tempfile.mkstemp(dir=directory, prefix="upload-")
    path = Path(raw_path)
    digest = hashlib.sha256()
    size = 0
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > max_bytes:
                    raise UploadRejected("too_large", name=name, limit=size_format(max_bytes))
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        upload_check_size(name=name, size=size, max_bytes=max_bytes)
    except BaseException:
        unlink_quiet(path)
        raise
    return path, size, digest.hexdigest()


def _scan(stream: Any, *, name: str) -> None:
    if not antivirus_enabled():
        return
    stream.seek(0)
    try:
        signature = antivirus_scan(stream)
    except ScannerUnavailable:
        logger.exception("Virus scanner unavailable; upload %r refused", name)
        raise UploadRejected("scanner_unavailable", name=name) from None
    if signature is not None:
        logger.warning("Malware %r found in upload %r; refused", signature, name)
        raise UploadRejected("virus", name=name, signature=signature)


def _final_place() -> tuple[str, Path]:
    while True:
        name = storage_name_new()
        path = storage_path(name)
        if not path.exists():
            dir_ensure(path.parent)
            return name, path


def _delete_on_rollback(path: Path, *, using: str) -> None:
    """See the module docstring, step 3."""

    def committed() -> None:
        finalizer.detach()

    finalizer = weakref.finalize(committed, unlink_quiet, str(path))
    on_commit: Callable[[], None] = committed
    transaction.on_commit(on_commit, using=using)
