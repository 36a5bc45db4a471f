"""The public procedure catalogue: browse and search (with and without htmx), the procedure page,
and the anonymous download of blank forms."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from egov.accounts.models import User
from egov.catalog import services
from egov.catalog.models import Procedure, ProcedureComponent, ProcedureVersion
from egov.catalog.tests.factories import SAME_DAY, FieldFactory, draft, published
from egov.core.files.models import StoredFile
from egov.core.files.services import file_store
from egov.core.files.tests import samples
from egov.dossiers.deadlines import dossier_due
from egov.org.tests.factories import AgencyFactory
from egov.portal import selectors_catalog

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9AM = datetime(2026, 3, 2, 9, 0, tzinfo=VN)

SCHEMA = {
    "version": 1,
    "sections": [
        {
            "title": "Thông tin người được khai sinh",
            "fields": [
                {
                    "name": "child_name",
                    "label": "Họ, chữ đệm và tên",
                    "type": "text",
                    "example": "Nguyễn Văn An",
                },
                {
                    "name": "sex",
                    "label": "Giới tính",
                    "type": "choice",
                    "choices": [["nam", "Nam"], ["nu", "Nữ"]],
                    "example": "nu",
                },
                {"name": "dob", "label": "Ngày sinh", "type": "date", "example": "2026-01-15"},
            ],
        },
    ],
}
# What the page must survive when stored data is damaged (publishing refuses such a schema).
DAMAGED: dict[str, Any] = {**SCHEMA, "sections": [*SCHEMA["sections"], "not a section"]}  # type: ignore[misc]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """English msgids: the Vietnamese portal catalogue is maintained by the integrator."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY_9AM, tick=False):
        yield


def _procedure(code: str, name: str, **version: Any) -> ProcedureVersion:
    field = FieldFactory.create(code="HT", name="Hộ tịch")
    procedure = services.procedure_create(code=code, name=name, field=field, level="commune")
    return published(procedure, **version)


@pytest.fixture
def khai_sinh() -> ProcedureVersion:
    version = _procedure(
        "1.001193",
        "Đăng ký khai sinh",
        online_level=ProcedureVersion.OnlineLevel.FULL,
        requires_assurance_level=2,
        eform_schema=SCHEMA,
        legal_basis="Luật Hộ tịch 2014",
    )
    ProcedureVersion.objects.filter(pk=version.pk).update(eform_schema=DAMAGED)
    version.refresh_from_db()
    version.implementing_agencies.add(AgencyFactory.create(name="UBND xã Ba Vì"))
    return version


def _catalog(client: Client, **params: str) -> Any:
    return client.get(reverse("portal:catalog"), params)


def test_urls() -> None:
    assert reverse("portal:catalog") == "/dich-vu-cong/"
    assert reverse("portal:catalog-results") == "/dich-vu-cong/ket-qua/"
    assert reverse("portal:procedure", args=["1.001193"]) == "/dich-vu-cong/thu-tuc/1.001193/"


def test_anonymous_browse_and_accent_insensitive_search(client: Client, khai_sinh: ProcedureVersion) -> None:
    _procedure("1.000656", "Đăng ký khai tử", online_level=ProcedureVersion.OnlineLevel.PARTIAL)
    response = _catalog(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng ký khai sinh" in html and "Đăng ký khai tử" in html
    assert 'role="search"' in html and 'for="catalog-q"' in html
    response = _catalog(client, q="dang ky khai sinh")
    html = response.content.decode()
    assert "Đăng ký khai sinh" in html and "Đăng ký khai tử" not in html
    assert reverse("portal:procedure", args=["1.001193"]) in html
    assert "Fully online" in html and "3 working days" in html and "10.000 đ" in html
    assert 'value="dang ky khai sinh"' in html  # the form keeps what was typed


def test_filters(client: Client, khai_sinh: ProcedureVersion) -> None:
    _procedure("1.000656", "Đăng ký khai tử", online_level=ProcedureVersion.OnlineLevel.PARTIAL)
    agency = khai_sinh.implementing_agencies.get()
    html = _catalog(client, online="partial").content.decode()
    assert "Đăng ký khai tử" in html and "Đăng ký khai sinh" not in html
    html = _catalog(client, agency=str(agency.pk)).content.decode()
    assert "Đăng ký khai sinh" in html and "Đăng ký khai tử" not in html
    assert _catalog(client, level="province").content.decode().count('class="card shadow-sm') == 0
    # Unknown filter values are ignored rather than refused.
    html = _catalog(client, online="bogus", level="x", agency="abc", field="HT").content.decode()
    assert "Đăng ký khai sinh" in html and "Đăng ký khai tử" in html


def test_bad_queries_never_fail(client: Client, khai_sinh: ProcedureVersion) -> None:
    for q in ("%", "_", "'", "' OR 1=1 --", "…", "x" * 5000, "khai sinh " * 300):
        assert _catalog(client, q=q).status_code == 200
    assert "No procedure matches your search." in _catalog(client, q="kh%i").content.decode()
    assert "Đăng ký khai sinh" in _catalog(client, q="khai sinh " * 300).content.decode()


def test_htmx_partial_pushes_the_full_page_url(client: Client, khai_sinh: ProcedureVersion) -> None:
    response = client.get(
        reverse("portal:catalog-results"), {"q": "khai sinh"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/dich-vu-cong/?q=khai+sinh"
    html = response.content.decode()
    assert "Đăng ký khai sinh" in html and "<form" not in html and "<html" not in html
    page = _catalog(client).content.decode()
    assert f'hx-get="{reverse("portal:catalog-results")}"' in page and 'method="get"' in page


def test_pagination_and_fixed_query_count(client: Client, django_assert_num_queries: Any) -> None:
    field = FieldFactory.create(code="HT", name="Hộ tịch")
    for n in range(45):
        procedure = services.procedure_create(
            code=f"1.{n:06d}", name=f"Đăng ký việc hộ tịch số {n}", field=field, level="commune"
        )
        published(procedure).implementing_agencies.add(AgencyFactory.create())
    with django_assert_num_queries(4):  # fields, agencies, count, page rows
        first = _catalog(client, q="dang ky")
    assert first.content.decode().count('class="card shadow-sm') == 20
    assert "Page 1 of 3" in first.content.decode()
    with django_assert_num_queries(4):
        third = _catalog(client, q="dang ky", page="3")
    assert third.content.decode().count('class="card shadow-sm') == 5
    assert "page=2" in third.content.decode() and "q=dang+ky" in third.content.decode()
    with django_assert_num_queries(2):  # count, page rows
        client.get(reverse("portal:catalog-results"), {"q": "dang ky", "page": "2"})


def test_post_is_refused(client: Client) -> None:
    assert client.post(reverse("portal:catalog")).status_code == 405
    assert client.post(reverse("portal:catalog-results")).status_code == 405


def test_procedure_page(client: Client, khai_sinh: ProcedureVersion) -> None:
    response = client.get(reverse("portal:procedure", args=["1.001193"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Đăng ký khai sinh" in html
    assert "Tờ khai" in html and "Original" in html and "required" in html
    assert "Lệ phí" in html and "10.000 đ" in html
    assert "3 working days" in html
    due = dossier_due(version=khai_sinh, start=MONDAY_9AM)
    assert due.astimezone(VN).strftime("%d/%m/%Y") == "05/03/2026"
    assert "If you submit today, the expected date for returning the result is 05/03/2026." in html
    assert "valid dossier is accepted" in html
    assert "level-2 VNeID" in html
    assert "Luật Hộ tịch 2014" in html and "UBND xã Ba Vì" in html and "Giấy chứng nhận" in html
    # The sample filled dossier: labels with example values, a choice's label, a date dd/mm/yyyy.
    assert "Thông tin người được khai sinh" in html and "Nguyễn Văn An" in html
    assert "Nữ" in html and "15/01/2026" in html


def test_procedure_page_free_same_day_info_only(client: Client) -> None:
    version = draft(
        services.procedure_create(
            code="2.000815", name="Chứng thực bản sao", field=FieldFactory.create(), level="commune"
        ),
        **SAME_DAY,
    )
    services.procedure_version_set_items(version=version, fees=[])
    services.procedure_version_publish(version=version)
    html = client.get(reverse("portal:procedure", args=["2.000815"])).content.decode()
    assert "Free of charge" in html and "Same working day" in html and "15:00" in html
    assert "Sample filled dossier" not in html  # no e-form schema: no sample section
    assert "Information only" in html
    assert "02/03/2026" in html  # Monday 9:00 before the 15:00 cut-off: today


def test_apply_button_only_when_the_url_exists_and_online(
    client: Client, khai_sinh: ProcedureVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = selectors_catalog.reverse

    def fake(name: str, *args: Any, **kwargs: Any) -> str:
        if name == "portal:apply":
            return f"/dich-vu-cong/nop-thu/{kwargs['args'][0]}/"
        return real(name, *args, **kwargs)

    monkeypatch.setattr(selectors_catalog, "reverse", fake)
    html = client.get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    assert "Submit online" in html and "/dich-vu-cong/nop-thu/1.001193/" in html
    _procedure("1.000656", "Đăng ký khai tử", online_level=ProcedureVersion.OnlineLevel.INFO)
    html = client.get(reverse("portal:procedure", args=["1.000656"])).content.decode()
    assert "Submit online" not in html


def test_no_apply_button_before_the_apply_page_exists(
    client: Client, khai_sinh: ProcedureVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(name: str, *args: Any, **kwargs: Any) -> str:
        raise NoReverseMatch(name)

    monkeypatch.setattr(selectors_catalog, "reverse", missing)
    response = client.get(reverse("portal:procedure", args=["1.001193"]))
    assert response.status_code == 200 and "Submit online" not in response.content.decode()


def test_unknown_and_not_in_force(client: Client) -> None:
    assert client.get(reverse("portal:procedure", args=["9.999999"])).status_code == 404
    procedure = services.procedure_create(
        code="1.000111", name="Thủ tục nháp", field=FieldFactory.create(), level="commune"
    )
    draft(procedure)
    response = client.get(reverse("portal:procedure", args=[procedure.code]))
    assert response.status_code == 200 and "not applied at the moment" in response.content.decode()


def test_procedure_page_query_count(
    client: Client, khai_sinh: ProcedureVersion, django_assert_num_queries: Any
) -> None:
    client.get(reverse("portal:procedure", args=["1.001193"]))  # warm the calendar
    with django_assert_num_queries(6):  # procedure, version, components, fees, results, agencies
        client.get(reverse("portal:procedure", args=["1.001193"]))


# Blank forms ---------------------------------------------------------------------------------


def _blank_form(version: ProcedureVersion, officer: User) -> StoredFile:
    component = version.components.get()
    stored = file_store(
        upload=samples.upload("Mẫu tờ khai khai sinh.pdf", samples.pdf_bytes()), user=officer, owner=component
    )
    ProcedureComponent.objects.filter(pk=component.pk).update(blank_form=stored)
    return stored


@pytest.fixture
def officer() -> User:
    return User.objects.create_user(username="canbo", password="x" * 12, is_staff=True)


def test_blank_form_is_public_once_published(
    client: Client, khai_sinh: ProcedureVersion, officer: User
) -> None:
    stored = _blank_form(khai_sinh, officer)
    page = client.get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    url = reverse("portal:blank-form", args=[stored.pk])
    assert url in page and "Mẫu tờ khai khai sinh.pdf" in page
    response = client.get(url)  # anonymous
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf_bytes()  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_blank_form_of_a_draft_or_other_file_is_not_public(
    client: Client, officer: User, khai_sinh: ProcedureVersion
) -> None:
    procedure = services.procedure_create(
        code="1.000222", name="Thủ tục nháp", field=FieldFactory.create(), level="commune"
    )
    unpublished = _blank_form(draft(procedure), officer)
    other = file_store(upload=samples.upload("riêng.pdf", samples.pdf_bytes()), user=officer)
    for stored in (unpublished, other):
        assert client.get(reverse("portal:blank-form", args=[stored.pk])).status_code == 404
    assert (
        client.get(reverse("portal:blank-form", args=["7d3c1b4e-9a2f-4c1d-8e5b-0a6f2d9c8b71"])).status_code
        == 404
    )


def test_core_files_rule_lets_any_logged_in_user_download_published_blank_forms(
    client: Client, officer: User, khai_sinh: ProcedureVersion
) -> None:
    published_form = _blank_form(khai_sinh, officer)
    procedure = services.procedure_create(
        code="1.000333", name="Thủ tục nháp", field=FieldFactory.create(), level="commune"
    )
    draft_form = _blank_form(draft(procedure), officer)
    citizen = User.objects.create_user(username="congdan", password="x" * 12)
    client.force_login(citizen)
    assert client.get(reverse("files:download", args=[published_form.pk])).status_code == 200
    assert client.get(reverse("files:download", args=[draft_form.pk])).status_code == 404


def test_eform_sample_is_defensive() -> None:
    assert selectors_catalog.eform_sample({}) == []
    assert selectors_catalog.eform_sample(None) == []
    assert selectors_catalog.eform_sample({"sections": [{"title": "x", "fields": []}]}) == []
    sections = selectors_catalog.eform_sample(
        {
            "sections": [
                {"fields": [{"label": "Đồng ý", "type": "boolean", "example": True}, {"label": "Trống"}]}
            ]
        }
    )
    assert [(f.label, f.value) for f in sections[0].fields] == [("Đồng ý", "Yes"), ("Trống", "—")]


def test_deadline_parts() -> None:
    version = ProcedureVersion(deadline_hours=Decimal(20), same_day=False)
    deadline = selectors_catalog.deadline_of(version)
    assert (deadline.days, deadline.hours) == (2, Decimal(4))
    assert Procedure.Level.COMMUNE == "commune"
