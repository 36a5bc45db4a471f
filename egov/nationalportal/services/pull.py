"""Pull: create dossiers from the national portal's new submissions (periodic job `national_pull`).

Per remote dossier, idempotently (NationalDossierLink.remote_code is unique):
1. already linked -> nothing to do (it is acknowledged again);
2. resolve the procedure (national code, version in force today) and the competent agency
   (electronic ID), and the receiving unit (EGOV_DVCQG_RECEIVING_AGENCY_CODES, default the
   competent agency); anything unknown -> a PullProblem row, retried on every pull;
3. download the attached files (network, outside any transaction; same origin as the portal only;
   SHA-256 checked when the portal gives one);
4. one transaction: store the files (egov.core.files), create the dossier
   (egov.dossiers.services.national), the link, and resolve the problem if there was one. A
   rollback deletes the stored files again.
The cursor advances page by page, only after the page was acknowledged to the portal.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.catalog.models import Procedure
from egov.catalog.selectors import version_in_force
from egov.core.audit.services import audit_record
from egov.core.files.services import file_store
from egov.core.text import fold
from egov.dossiers.models import Dossier
from egov.dossiers.services.national import dossier_receive_from_national_portal
from egov.dossiers.types import ApplicantData, ComponentInput, IntakeData
from egov.nationalportal import conf
from egov.nationalportal.adapters import get_adapter
from egov.nationalportal.adapters.base import (
    AdapterError,
    DvcqgAdapter,
    RemoteDossier,
    RemoteFileContent,
)
from egov.nationalportal.models import NationalDossierLink, PullProblem, PullState
from egov.nationalportal.services.problems import problem_record, problem_resolve
from egov.org.models import Agency

log = logging.getLogger(__name__)

MAX_PAGES = 20  # per run; the next run continues from the saved cursor
RETRY_BATCH = 100  # open problems retried per run

CREATED, EXISTS, PROBLEM = "created", "exists", "problem"


class _Problem(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _state() -> PullState:
    state, _created = PullState.objects.get_or_create(pk=1)
    return state


def _procedure_version_id(remote: RemoteDossier, *, today: Any) -> int:
    code = ".".join(remote.procedure_code.split(".")[:2])  # "1.001193.000.00.00.H59" -> "1.001193"
    procedure = Procedure.objects.filter(code=code).first()
    version = version_in_force(procedure=procedure, on=today) if procedure else None
    if version is None:
        raise _Problem(
            "unknown_procedure", f"no procedure version in force for code {remote.procedure_code!r}"
        )
    return version.pk


def _agency(code: str, *, what: str) -> Agency:
    agency = Agency.objects.filter(agency_code=code, valid_to__isnull=True).first()
    if agency is None:
        raise _Problem(f"unknown_{what}", f"no current agency with the code {code!r}")
    return agency


def _download(adapter: DvcqgAdapter, remote: RemoteDossier) -> dict[str, RemoteFileContent]:
    files: dict[str, RemoteFileContent] = {}
    for component in remote.components:
        for f in component.files:
            try:
                content = adapter.fetch_file(f.url)
            except AdapterError as exc:
                raise _Problem("file_download", f"{f.name}: {exc}") from exc
            if f.sha256 and hashlib.sha256(content.content).hexdigest() != f.sha256:
                raise _Problem("file_checksum", f"{f.name}: the SHA-256 does not match")
            files[f.url] = content
    return files


def _components(remote: RemoteDossier, *, version_id: int, stored: dict[str, Any]) -> list[ComponentInput]:
    from egov.catalog.models import ProcedureComponent

    by_name = {fold(c.name): c.pk for c in ProcedureComponent.objects.filter(version_id=version_id)}
    result = []
    for component in remote.components:
        pc_id = by_name.get(fold(component.name))
        files = [stored[f.url] for f in component.files] or [None]
        for i, file_id in enumerate(files):
            name = component.name if i == 0 else f"{component.name} ({i + 1})"
            result.append(
                ComponentInput(
                    name=name,
                    form=component.form,
                    copies=component.copies,
                    procedure_component_id=pc_id,
                    file_id=file_id,
                )
            )
    return result


def _create(
    remote: RemoteDossier,
    *,
    version_id: int,
    competent: Agency,
    receiving: Agency,
    files: dict[str, RemoteFileContent],
    now: datetime,
) -> Dossier:
    with transaction.atomic():
        names = {f.url: f.name for c in remote.components for f in c.files}
        stored: dict[str, Any] = {}
        for url, content in files.items():
            upload = SimpleUploadedFile(names.get(url) or content.name, content.content, content.content_type)
            stored[url] = file_store(upload=upload, user=None).pk
        applicant = remote.applicant
        data = IntakeData(
            procedure_version_id=version_id,
            applicant=ApplicantData(
                name=applicant.name,
                kind=applicant.kind,
                id_number=applicant.id_number,
                tax_code=applicant.tax_code,
                phone=applicant.phone,
                email=applicant.email,
                address=applicant.address,
            ),
            components=_components(remote, version_id=version_id, stored=stored),
            channel=Dossier.Channel.NATIONAL_PORTAL,
            delivery=remote.delivery,
            delivery_address=remote.delivery_address,
            competent_agency_id=competent.pk,
        )
        dossier = dossier_receive_from_national_portal(
            data=data,
            remote_code=remote.remote_code,
            submitted_at=remote.submitted_at,
            code_prefix=conf.portal_agency_code(),
            receiving_agency=receiving,
            eform_data=remote.eform_data,
            now=now,
        )
        link = NationalDossierLink.objects.create(
            remote_code=remote.remote_code,
            dossier=dossier,
            pulled_at=now,
            last_enqueued_status=dossier.status,
            last_pushed_status=dossier.status,
        )
        audit_record(
            action="nationalportal.pulled",
            target=link,
            to_state=dossier.status,
            data={"remote_code": remote.remote_code, "code": dossier.code},
        )
        problem_resolve(remote_code=remote.remote_code, now=now)
    return dossier


def _validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


def pull_one(remote: RemoteDossier, *, adapter: DvcqgAdapter, now: datetime) -> str:
    """Import one remote dossier: CREATED, EXISTS or PROBLEM (recorded)."""
    if NationalDossierLink.objects.filter(remote_code=remote.remote_code).exists():
        if PullProblem.objects.filter(
            remote_code=remote.remote_code, status=PullProblem.Status.OPEN
        ).exists():
            with transaction.atomic():
                problem_resolve(remote_code=remote.remote_code, now=now)
        return EXISTS
    try:
        if remote.problem:
            raise _Problem("malformed", remote.problem)
        version_id = _procedure_version_id(remote, today=timezone.localdate(now))
        competent = _agency(remote.agency_code, what="agency")
        receiving_code = conf.receiving_agency_codes().get(remote.agency_code)
        receiving = _agency(receiving_code, what="receiving_agency") if receiving_code else competent
        files = _download(adapter, remote)
        try:
            _create(
                remote, version_id=version_id, competent=competent, receiving=receiving, files=files, now=now
            )
        except ValidationError as exc:
            raise _Problem("invalid", _validation_text(exc)) from exc
        except IntegrityError:
            if NationalDossierLink.objects.filter(remote_code=remote.remote_code).exists():
                return EXISTS  # a concurrent pull created it first
            raise
    except _Problem as problem:
        log.info("national portal dossier %s: %s", remote.remote_code, problem)
        problem_record(
            remote_code=remote.remote_code,
            kind=problem.kind,
            message=str(problem),
            raw=remote.raw,
            procedure_code=remote.procedure_code,
            agency_code=remote.agency_code,
            now=now,
        )
        return PROBLEM
    return CREATED


def _retry_problems(adapter: DvcqgAdapter, *, now: datetime) -> tuple[int, list[str]]:
    created, done = 0, []
    problems = PullProblem.objects.filter(status=PullProblem.Status.OPEN).order_by("first_seen_at", "pk")
    for problem in list(problems[:RETRY_BATCH]):
        try:
            remote = adapter.parse(problem.raw)
        except AdapterError as exc:
            problem_record(
                remote_code=problem.remote_code, kind="malformed", message=str(exc), raw=problem.raw, now=now
            )
            continue
        outcome = pull_one(remote, adapter=adapter, now=now)
        if outcome != PROBLEM:
            done.append(remote.remote_code)
        created += outcome == CREATED
    return created, done


def national_pull(*, now: datetime | None = None) -> int:
    """Periodic job: retry open problems, then pull new pages. Returns the dossiers created."""
    if not conf.enabled():
        return 0
    now = now or timezone.now()
    adapter = get_adapter()
    state = _state()
    created, errors = 0, []
    try:
        retried, done = _retry_problems(adapter, now=now)
        created += retried
        adapter.ack_pulled(done)
    except AdapterError as exc:
        errors.append(str(exc))
    cursor = state.cursor or None
    try:
        for _page in range(MAX_PAGES):
            items, next_cursor = adapter.pull_new(cursor)
            taken = []
            for remote in items:
                outcome = pull_one(remote, adapter=adapter, now=now)
                created += outcome == CREATED
                if outcome != PROBLEM:
                    taken.append(remote.remote_code)
            adapter.ack_pulled(taken)
            if next_cursor != cursor:
                PullState.objects.filter(pk=state.pk, cursor=cursor or "").update(cursor=next_cursor or "")
            if not items or next_cursor == cursor:
                break
            cursor = next_cursor
    except AdapterError as exc:
        log.warning("national portal pull failed: %s", exc)
        errors.append(str(exc))
    fields: dict[str, Any] = {
        "last_pull_at": now,
        "last_error": "; ".join(errors)[:2000],
        "last_created": created,
    }
    if not errors:
        fields["last_success_at"] = now
    PullState.objects.filter(pk=state.pk).update(**fields)
    return created


def national_pull_request(*, actor: Any, now: datetime | None = None) -> int:
    """ "Pull now" from the staff page: audited, then the same job."""
    audit_record(actor=actor, action="nationalportal.pull_requested")
    return national_pull(now=now)
