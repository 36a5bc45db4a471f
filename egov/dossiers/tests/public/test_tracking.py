"""Public tracking page: no login, masked name, no staff data, 404 for unknown, 429 when abused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.dossiers.models import Dossier
from egov.dossiers.public_status import PUBLIC_STATUS, mask_name, public_status
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
    with django_assert_max_num_queries(2):
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
