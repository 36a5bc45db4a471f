"""Public tracking page: no login, masked name, no staff data, 404 for unknown, 429 when abused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.accounts.tests.factories import StaffFactory
from egov.dossiers.models import Dossier, Handover
from egov.dossiers.public_status import PUBLIC_STATUS, forget, mask_name, public_status
from egov.dossiers.tests.public.helpers import STAFF_NAMES


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Nguyễn Văn An", "Nguyễn V** A**"),
        ("Nguyễn Văn Bình An", "Nguyễn V** B** A**"),
        ("  Lê   Thị  ", "Lê T**"),
        ("Đặng", "Đặng"),
        ("", ""),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_status_page(client, tracked: Dossier, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(1):
        response = client.get(reverse("tracking:status", kwargs={"code": tracked.code}))
    assert response.status_code == 200
    html = response.content.decode()
    assert tracked.code in html
    assert str(PUBLIC_STATUS[tracked.status]) in html
    assert tracked.procedure_version.name in html
    assert "Nguyễn V** B** A**" in html
    assert "Nguyễn Văn Bình An" not in html
    assert "27/11/2026" in html  # appointment, Hà Nội time
    assert "08:30 23/11/2026" in html  # received
    assert "Tiếp nhận hồ sơ" in html and "Thẩm định hồ sơ" in html
    assert "09:00 23/11/2026" in html
    for staff in STAFF_NAMES:
        assert staff not in html
    assert "Ghi chú nội bộ" not in html
    assert tracked.applicant_id_number not in html
    assert "0909123456" not in html


def test_lookup_form_and_query_parameter(client, tracked: Dossier) -> None:
    response = client.get(reverse("tracking:lookup"))
    assert response.status_code == 200
    assert 'name="ma"' in response.content.decode()
    response = client.get(reverse("tracking:lookup"), {"ma": f"  {tracked.code} "})
    assert response.status_code == 200
    assert "Nguyễn V** B** A**" in response.content.decode()


def test_unknown_code_is_404_without_hints(client, tracked: Dossier) -> None:
    for response in (
        client.get(reverse("tracking:status", kwargs={"code": "000.00.00.H99-260101-0001"})),
        client.get(reverse("tracking:lookup"), {"ma": tracked.code[:-1]}),
    ):
        assert response.status_code == 404
        html = response.content.decode()
        assert tracked.code not in html
        assert "Nguyễn" not in html


def test_draft_is_not_public(client, tracked: Dossier) -> None:
    Dossier.objects.filter(pk=tracked.pk).update(status=Dossier.Status.DRAFT)
    assert public_status(code=tracked.code) is None
    assert client.get(reverse("tracking:status", kwargs={"code": tracked.code})).status_code == 404


def test_only_get_and_head(client, tracked: Dossier) -> None:
    url = reverse("tracking:status", kwargs={"code": tracked.code})
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
    assert client.post(reverse("tracking:lookup"), {"ma": tracked.code}).status_code == 405


def test_rate_limited_per_ip(client, tracked: Dossier, settings) -> None:
    settings.EGOV_RATELIMIT_TRACKING = "3/m"
    url = reverse("tracking:status", kwargs={"code": tracked.code})
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR="10.0.0.1").status_code == 200
    response = client.get(url, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert tracked.applicant_name not in response.content.decode()
    # Another client is not affected; unknown codes count too (no free enumeration).
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get(reverse("tracking:lookup"), {"ma": "X"}, REMOTE_ADDR="10.0.0.1").status_code == 429


# --- P1: one query, a short cache, a lean page (no session, user, CSRF token or cookie) -------------


def test_status_page_one_query_then_cached(client, tracked: Dossier, django_assert_num_queries) -> None:
    url = reverse("tracking:status", kwargs={"code": tracked.code})
    with django_assert_num_queries(1):
        first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert "Nguyễn V** B** A**" in second.content.decode()


def test_status_page_touches_no_session_user_or_csrf(client, tracked: Dossier) -> None:
    officer = StaffFactory.create(full_name="Cán Bộ Đang Đăng Nhập")
    client.force_login(officer)
    response = client.get(reverse("tracking:status", kwargs={"code": tracked.code}))
    assert response.status_code == 200
    assert not response.cookies  # no session, CSRF or language cookie
    assert "Cookie" not in response.get("Vary", "")  # the session (so request.user) was not read
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html
    assert "Cán Bộ Đang Đăng Nhập" not in html  # no staff navigation or user menu
    assert 'name="viewport"' in html  # the 390 px phone layout
    for response in (
        client.get(reverse("tracking:lookup")),
        client.get(reverse("tracking:status", kwargs={"code": "KHONG-CO-MA"})),
    ):
        assert not response.cookies and "Cookie" not in response.get("Vary", "")


def test_status_page_says_when_it_was_read(client, tracked: Dossier) -> None:
    html = client.get(reverse("tracking:status", kwargs={"code": tracked.code})).content.decode()
    assert "Cập nhật lúc" in html
    assert "30 giây" in html


def test_cache_expires_or_is_forgotten(client, tracked: Dossier, settings) -> None:
    url = reverse("tracking:status", kwargs={"code": tracked.code})
    assert client.get(url).status_code == 200
    Dossier.objects.filter(pk=tracked.pk).update(status=Dossier.Status.RESOLVED)
    assert str(PUBLIC_STATUS["resolved"]) not in client.get(url).content.decode()  # cached
    forget(tracked.code)
    assert str(PUBLIC_STATUS["resolved"]) in client.get(url).content.decode()
    settings.EGOV_PUBLIC_STATUS_CACHE_SECONDS = 0
    Dossier.objects.filter(pk=tracked.pk).update(status=Dossier.Status.DRAFT)
    assert client.get(url).status_code == 404


def test_unknown_codes_are_not_cached(client, tracked: Dossier) -> None:
    code = tracked.code
    Dossier.objects.filter(pk=tracked.pk).update(status=Dossier.Status.DRAFT)
    assert client.get(reverse("tracking:status", kwargs={"code": code})).status_code == 404
    Dossier.objects.filter(pk=tracked.pk).update(status=Dossier.Status.SUBMITTED)
    assert client.get(reverse("tracking:status", kwargs={"code": code})).status_code == 200


def test_public_status_steps_in_order_and_none(tracked: Dossier) -> None:
    found = public_status(code=tracked.code)
    assert found is not None
    assert [s.name for s in found.steps] == ["Tiếp nhận hồ sơ", "Thẩm định hồ sơ"]
    Handover.objects.filter(dossier=tracked).delete()
    forget(tracked.code)
    found = public_status(code=f" {tracked.code} ")
    assert found is not None and found.steps == ()
    assert found.procedure_name == tracked.procedure_version.name


def test_lower_case_code_finds_upper_case_dossier(tracked: Dossier) -> None:
    Dossier.objects.filter(pk=tracked.pk).update(code="000.00.31.H59-261123-0007")
    found = public_status(code="000.00.31.h59-261123-0007")
    assert found is not None and found.code == "000.00.31.H59-261123-0007"


def test_rate_limited_page_is_lean(client, tracked: Dossier, settings) -> None:
    settings.EGOV_RATELIMIT_TRACKING = "1/m"
    url = reverse("tracking:status", kwargs={"code": tracked.code})
    client.get(url, REMOTE_ADDR="10.0.0.9")
    response = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert not response.cookies and "csrfmiddlewaretoken" not in response.content.decode()


def test_written_out_query_names_the_model_tables() -> None:
    from egov.catalog.models import ProcedureVersion
    from egov.dossiers.public_status import PG_TABLES

    assert PG_TABLES == (
        Dossier._meta.db_table,
        Handover._meta.db_table,
        ProcedureVersion._meta.db_table,
    )
