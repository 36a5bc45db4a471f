"""The search page: staff only, highlighted and escaped results, pages, fixed query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.documents.models import Secrecy
from egov.documents.tests.conftest import Office
from egov.documents.tests.test_search_index import incoming

pytestmark = pytest.mark.django_db
URL = reverse("documents:search")


def test_url() -> None:
    assert URL == "/staff/documents/tim-kiem/"


def test_needs_staff(client: Client, office: Office) -> None:
    response = client.get(URL, {"q": "ke hoach"})
    assert response.status_code == 302 and "login" in response["Location"]
    from egov.accounts.tests.factories import UserFactory

    client.force_login(UserFactory.create())
    assert client.get(URL, {"q": "ke hoach"}).status_code == 403


def test_results_are_highlighted_escaped_and_filtered(client: Client, office: Office) -> None:
    incoming(office, abstract="<img src=x onerror=alert(1)> Về việc kế hoạch năm 2026")
    incoming(office, abstract="Kế hoạch mật", secrecy=Secrecy.SECRET, present_to=office.leader)
    client.force_login(office.colleague)
    response = client.get(URL, {"q": "Kế hoạch", "kind": "bogus"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<mark>kế</mark> <mark>hoạch</mark> năm 2026" in html
    assert "mật" not in html.split("<main", 1)[-1]
    assert 'value="Kế hoạch"' in html


def test_empty_and_long_queries(client: Client, office: Office) -> None:
    client.force_login(office.clerk)
    assert client.get(URL).status_code == 200
    assert client.get(URL, {"q": "'%_" * 300, "page": "x"}).status_code == 200


def test_pages_have_a_fixed_query_count(client: Client, office: Office) -> None:
    for i in range(45):
        incoming(office, abstract=f"Về việc kế hoạch đợt {i}")
    client.force_login(office.clerk)
    counts = []
    for page in (1, 2, 3):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"q": "ke hoach", "page": page})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    body = response.content.decode()
    assert "3 / 3" in body and "page=2" in body
    # session, user, scope, ranked page with total, its rows, documents (+ SAVEPOINT, SET LOCAL jit
    # and work_mem, RELEASE on PG)
    expected = 13 if connection.vendor == "postgresql" else 11
    assert counts == [expected] * 3, counts
