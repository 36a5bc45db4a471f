"""Pull from the (simulated) national portal: dossier creation, idempotency, codes, problems."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from egov.catalog.models import Procedure
from egov.core.audit.models import AuditEvent
from egov.core.files.models import StoredFile
from egov.dossiers.models import Dossier
from egov.dossiers.services import dossier_accept_online
from egov.dossiers.tests.services.conftest import World, vn
from egov.dossiers.tests.services.factories import make_procedure_version, make_process
from egov.nationalportal.models import NationalDossierLink, PullProblem, PullState
from egov.nationalportal.services import national_pull
from egov.nationalportal.simulator import DvcqgSimulator
from egov.nationalportal.testing import sample_item, sim_seed, sim_status
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _item(world: World, **kw: Any) -> dict[str, Any]:
    return sample_item(procedure_code=world.version.procedure.code, agency_code="000.00.31.H59", **kw)


def test_pull_creates_submitted_dossier_in_the_agency_queue(sim: DvcqgSimulator, world: World) -> None:
    now = timezone.now().replace(microsecond=0)
    day = timezone.localdate(now).strftime("%y%m%d")
    remote = f"000.00.31.H59-{day}-0007"
    submitted = timezone.localtime(now - timedelta(hours=1)).strftime("%Y%m%d%H%M%S")
    sim_seed(sim.url, [_item(world, remote_code=remote, submitted=submitted, components=["Tờ khai"])])

    assert national_pull(now=now) == 1

    d = Dossier.objects.get()
    assert d.code == remote  # the portal's code, it has the standard shape
    assert (d.status, d.channel) == (Dossier.Status.SUBMITTED, Dossier.Channel.NATIONAL_PORTAL)
    assert d.receiving_agency == world.agency and d.competent_agency == world.agency
    assert d.submitted_at == now - timedelta(hours=1) and d.received_at == now and d.accepted_at is None
    assert d.online_alerted_at is None and d.received_by is None
    component = d.components.get()
    assert component.procedure_component_id == world.version.components.get(name="Tờ khai").pk
    assert component.file_id is not None
    stored = StoredFile.objects.get(pk=component.file_id)
    assert stored.kind == "pdf" and (stored.owner_type, stored.owner_id) == ("dossiers.dossier", str(d.pk))
    link = NationalDossierLink.objects.get()
    assert (link.remote_code, link.dossier_id, link.last_pushed_status) == (remote, d.pk, "submitted")
    assert AuditEvent.objects.filter(action="dossier.receive", object_id=str(d.pk)).count() == 1
    assert sim_status(sim.url, remote)["acked"] is True
    state = PullState.objects.get()
    assert state.last_success_at == now and state.last_error == "" and state.cursor == "1"

    # Valid acceptance starts the clock: the third time.
    later = now + timedelta(minutes=30)
    dossier_accept_online(actor=world.officer, dossier=d, now=later)
    d.refresh_from_db()
    assert (d.submitted_at, d.received_at, d.accepted_at) == (now - timedelta(hours=1), now, later)
    assert d.status == Dossier.Status.PROCESSING


def test_pulling_twice_creates_nothing_new(sim: DvcqgSimulator, world: World) -> None:
    sim_seed(sim.url, [_item(world), _item(world)])
    assert national_pull() == 2
    PullState.objects.update(cursor="")  # even from the start again
    assert national_pull() == 0
    assert Dossier.objects.count() == 2 and NationalDossierLink.objects.count() == 2


def test_non_standard_remote_code_gets_a_code_with_the_portal_prefix(
    sim: DvcqgSimulator, world: World
) -> None:
    now = vn(2026, 12, 1, 9, 0)
    sim_seed(sim.url, [_item(world, remote_code="DVC-2026-000123", submitted="20261201083000")])
    assert national_pull(now=now) == 1
    d = Dossier.objects.get()
    assert d.code == "000.00.00.G22-261201-0001"
    assert d.national_link.remote_code == "DVC-2026-000123"  # type: ignore[attr-defined]
    assert d.submitted_at == vn(2026, 12, 1, 8, 30)


def test_mapped_receiving_unit(sim: DvcqgSimulator, world: World, settings: Any) -> None:
    centre = AgencyFactory(agency_code="000.00.99.H59")
    settings.EGOV_DVCQG_RECEIVING_AGENCY_CODES = {"000.00.31.H59": "000.00.99.H59"}
    sim_seed(sim.url, [_item(world)])
    assert national_pull() == 1
    d = Dossier.objects.get()
    assert d.receiving_agency == centre and d.competent_agency == world.agency


def test_unknown_procedure_is_a_problem_then_pulled_after_the_fix(sim: DvcqgSimulator, world: World) -> None:
    [code] = sim_seed(
        sim.url, [sample_item(procedure_code="1.999999", agency_code="000.00.31.H59", components=["Đơn"])]
    )
    assert national_pull() == 0
    problem = PullProblem.objects.get()
    assert (problem.remote_code, problem.kind, problem.status) == (code, "unknown_procedure", "open")
    assert problem.agency == world.agency
    assert sim_status(sim.url, code)["acked"] is False
    assert national_pull() == 0  # still broken: retried, one more attempt, still one row
    problem.refresh_from_db()
    assert problem.attempts == 2 and Dossier.objects.count() == 0

    procedure = Procedure.objects.create(
        code="1.999999", name="Thủ tục mới", field=world.version.procedure.field
    )
    make_procedure_version(procedure=procedure, agencies=[world.agency])
    make_process(procedure=procedure, agency=world.agency)
    assert national_pull() == 1
    problem.refresh_from_db()
    assert problem.status == "resolved" and problem.resolved_at is not None
    assert Dossier.objects.get().procedure_version.procedure == procedure
    assert sim_status(sim.url, code)["acked"] is True


def test_unknown_agency_and_invalid_data_are_problems(sim: DvcqgSimulator, world: World) -> None:
    sim_seed(
        sim.url,
        [
            sample_item(procedure_code=world.version.procedure.code, agency_code="000.00.77.H59"),
            _item(world, id_number="123"),
            {"MaHoSo": "BROKEN-1", "MaTTHC": "1.000001"},  # no agency, no date: malformed
        ],
    )
    assert national_pull() == 0
    kinds = dict(PullProblem.objects.values_list("kind", "message"))
    assert set(kinds) == {"unknown_agency", "invalid", "malformed"}
    assert "12" in kinds["invalid"]  # the ID-number message
    assert StoredFile.objects.count() == 0  # files of the failed dossier were rolled back


def test_wrong_secret_is_recorded_and_nothing_created(
    sim: DvcqgSimulator, world: World, settings: Any
) -> None:
    sim_seed(sim.url, [_item(world)])
    settings.EGOV_DVCQG_SECRET = "wrong"
    assert national_pull() == 0
    state = PullState.objects.get()
    assert "401" in state.last_error and state.last_success_at is None and state.cursor == ""
    settings.EGOV_DVCQG_SECRET = "test-secret"
    assert national_pull() == 1


def test_disabled_sync_does_nothing(sim: DvcqgSimulator, world: World, settings: Any) -> None:
    settings.EGOV_DVCQG_ENABLED = False
    sim_seed(sim.url, [_item(world)])
    assert national_pull() == 0
    assert not PullState.objects.exists()
