"""dossier_detail_for_staff: scope, actions, fixed query count."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from egov.dossiers.models import Dossier, DossierComponent, Handover, SupplementationRequest
from egov.dossiers.selectors import dossier_detail_for_staff
from egov.dossiers.tests.services.factories import make_dossier, make_staff
from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _grow(d: Dossier, n: int, user: Any) -> None:
    for i in range(n):
        DossierComponent.objects.create(dossier=d, name=f"Giấy {i}", form="copy")
        Handover.objects.create(
            dossier=d, at=timezone.now(), from_agency=d.competent_agency, from_user=user, step_name=f"B{i}"
        )
        SupplementationRequest.objects.create(
            dossier=d, stage="intake", items=["a"], reason="x", requested_at=timezone.now(), requested_by=user
        )


def test_query_count_does_not_grow(counter: SimpleNamespace) -> None:
    head = make_staff(agency=counter.department, role=Role.DEPARTMENT_HEAD)
    small = make_dossier(competent_agency=counter.department, version=counter.version, with_task=True)
    big = make_dossier(competent_agency=counter.department, version=counter.version, with_task=True)
    _grow(small, 1, head)
    _grow(big, 6, head)
    for _i in range(4):
        make_staff(agency=counter.department, role=Role.SPECIALIST)
    dossier_detail_for_staff(user=head, code=small.code)  # warm the per-process caches
    counts = []
    for d in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            found = dossier_detail_for_staff(user=head, code=d.code)
        counts.append(len(ctx.captured_queries))
        assert found is not None and found.actions.reassign
    assert counts[0] == counts[1] <= 10
    assert found is not None and len(found.handovers) == 6 and len(found.colleagues) == 5


def test_out_of_scope_is_none(counter: SimpleNamespace) -> None:
    d = make_dossier(competent_agency=counter.department, version=counter.version)
    stranger = make_staff(agency=AgencyFactory.create(), role=Role.AGENCY_LEADER)
    assert dossier_detail_for_staff(user=stranger, code=d.code) is None


def test_actions_follow_status(counter: SimpleNamespace) -> None:
    d = make_dossier(
        competent_agency=counter.department,
        receiving_agency=counter.centre,
        version=counter.version,
        status=Dossier.Status.RESOLVED,
    )
    found = dossier_detail_for_staff(user=counter.officer, code=d.code)
    assert found is not None
    a = found.actions
    assert a.return_result and not a.stop and not a.apologise and not a.mark_paid and not a.act
    assert found.print_forms == [1, 6]
