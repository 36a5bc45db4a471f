"""Staff catalogue pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.accounts.tests.factories import StaffFactory, UserFactory
from egov.catalog.demo import catalog_demo_seed
from egov.catalog.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

VI = {"Accept-Language": "vi"}


def test_anonymous_is_redirected_and_citizen_refused(client: Client) -> None:
    url = reverse("catalog:list")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory.create())
    assert client.get(url).status_code == 403
    assert client.get(reverse("catalog:detail", args=["1.001193"])).status_code == 403


def test_list_search_filter_and_htmx(client: Client) -> None:
    catalog_demo_seed()
    client.force_login(StaffFactory.create())
    response = client.get(reverse("catalog:list"), {"q": "dang ky khai sinh"}, headers=VI)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Thủ tục đăng ký khai sinh" in body and "<html" in body
    partial = client.get(reverse("catalog:list"), {"q": "chung thuc"}, headers={**VI, "HX-Request": "true"})
    assert "<html" not in partial.content.decode() and "2.000815" in partial.content.decode()
    filtered = client.get(reverse("catalog:list"), {"field": "XD", "level": "province"}, headers=VI)
    assert "1.009974" in filtered.content.decode() and "1.009972" not in filtered.content.decode()


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("catalog:list"), headers=VI).status_code == 200
    return len(queries)


def test_list_is_paginated_with_a_fixed_number_of_queries(client: Client) -> None:
    client.force_login(StaffFactory.create())
    ProcedureFactory.create_batch(3)
    few = _list_queries(client)
    ProcedureFactory.create_batch(40)
    assert _list_queries(client) == few
    page2 = client.get(reverse("catalog:list"), {"page": 2}, headers=VI).content.decode()
    assert page2.count('class="list-group-item"') == 18


def test_detail_shows_version_in_force(client: Client) -> None:
    catalog_demo_seed()
    client.force_login(StaffFactory.create())
    response = client.get(reverse("catalog:detail", args=["2.000815"]), headers=VI)
    assert response.status_code == 200
    body = response.content.decode()
    assert "15:00" in body and "2.000" in body and "Nghị định số 23/2015/NĐ-CP" in body
    permit = client.get(reverse("catalog:detail", args=["1.009972"]), headers=VI).content.decode()
    assert "15" in permit and "Giấy phép xây dựng" in permit
    assert client.get(reverse("catalog:detail", args=["9.999999"])).status_code == 404
