"""Tracking book (form 07): scope, filters, pages, exports, fixed query count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.dossiers.models import Dossier
from egov.dossiers.tests.services.factories import make_dossier, make_staff
from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
URL = reverse("dossiers:book")
DAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _make(counter: SimpleNamespace, n: int, **kw: object) -> list[Dossier]:
    return [
        make_dossier(
            competent_agency=counter.department,
            receiving_agency=counter.centre,
            version=counter.version,
            now=DAY + timedelta(days=i),
            **kw,
        )
        for i in range(n)
    ]


def test_book_lists_only_the_users_agency(client: Client, counter: SimpleNamespace) -> None:
    mine = _make(counter, 2)
    foreign = make_dossier(competent_agency=AgencyFactory.create())
    client.force_login(counter.officer)
    body = client.get(URL).content.decode()
    assert all(d.code in body for d in mine) and foreign.code not in body


def test_book_forbidden_without_assignment(client: Client, counter: SimpleNamespace) -> None:
    from egov.accounts.tests.factories import StaffFactory

    client.force_login(StaffFactory.create())
    assert client.get(URL).status_code == 403


def test_filters(client: Client, counter: SimpleNamespace) -> None:
    ds = _make(counter, 3)
    Dossier.objects.filter(pk=ds[2].pk).update(status=Dossier.Status.RESOLVED)
    client.force_login(counter.officer)
    body = client.get(URL, {"date_from": "2026-03-03", "date_to": "2026-03-03"}).content.decode()
    assert ds[1].code in body and ds[0].code not in body and ds[2].code not in body
    body = client.get(URL, {"status": "resolved"}).content.decode()
    assert ds[2].code in body and ds[0].code not in body
    body = client.get(URL, {"q": ds[0].code[-6:]}).content.decode()
    assert ds[0].code in body and ds[1].code not in body
    response = client.get(URL, {"procedure": counter.procedure.pk})
    assert response.status_code == 200 and ds[0].code in response.content.decode()


def test_paginated_with_fixed_queries(client: Client, counter: SimpleNamespace) -> None:
    _make(counter, 3)
    client.force_login(counter.officer)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    _make(counter, 52)
    with CaptureQueriesContext(connection) as big:
        response = client.get(URL)
    assert len(big.captured_queries) == len(small.captured_queries)
    assert len(response.context["rows"]) == 50
    assert client.get(URL, {"page": 2}).context["rows"].__len__() == 5


def test_exports(client: Client, counter: SimpleNamespace) -> None:
    _make(counter, 2)
    client.force_login(make_staff(agency=counter.centre, role=Role.CLERK))
    xlsx = client.get(reverse("dossiers:book-export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("dossiers:book-export", args=["pdf"]), {"status": "processing"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("dossiers:book-export", args=["csv"])).status_code == 404
