"""Public rating page: verification digits, once only, not before the result, rate limits."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from egov.dossiers.models import Dossier, Rating
from egov.dossiers.tests.services.factories import make_dossier

pytestmark = pytest.mark.django_db


def _returned(**kw: object) -> Dossier:
    values: dict[str, object] = {
        "status": Dossier.Status.RETURNED,
        "applicant_id_number": "001090012345",
        "applicant_phone": "0912345678",
    }
    values.update(kw)
    return make_dossier(**values)


def _post(client: Client, d: Dossier, verify: str, **extra: str) -> object:
    data = {"verify": verify, "overall": "satisfied", "conduct": "very_satisfied", "comment": "Tốt"}
    data.update(extra)
    return client.post(reverse("tracking:rate", args=[d.code]), data)


def test_status_page_links_to_rating_once_returned(client: Client) -> None:
    d = _returned()
    assert (
        reverse("tracking:rate", args=[d.code])
        in client.get(reverse("tracking:status", args=[d.code])).content.decode()
    )
    p = make_dossier(status=Dossier.Status.PROCESSING)
    assert (
        reverse("tracking:rate", args=[p.code])
        not in client.get(reverse("tracking:status", args=[p.code])).content.decode()
    )


@pytest.mark.parametrize("digits", ["2345", "5678"])
def test_rating_with_id_or_phone_digits(client: Client, digits: str) -> None:
    d = _returned()
    response = _post(client, d, digits)
    assert response.status_code == 200  # type: ignore[attr-defined]
    rating = Rating.objects.get(dossier=d)
    assert rating.level == "satisfied" and rating.criteria == {"conduct": "very_satisfied"}
    assert rating.channel == "online" and rating.comment == "Tốt"


def test_wrong_digits_refused(client: Client) -> None:
    d = _returned()
    response = _post(client, d, "0000")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert not Rating.objects.exists()
    assert 'value="Tốt"' in response.content.decode() or "Tốt" in response.content.decode()  # type: ignore[attr-defined]


def test_second_rating_refused(client: Client) -> None:
    d = _returned()
    _post(client, d, "2345")
    response = _post(client, d, "2345", overall="unsatisfied")
    assert Rating.objects.get(dossier=d).level == "satisfied"
    assert "rated" in response.content.decode() or "đánh giá" in response.content.decode()  # type: ignore[attr-defined]


def test_before_resolution_refused(client: Client) -> None:
    d = _returned(status=Dossier.Status.PROCESSING)
    response = _post(client, d, "2345")
    assert response.status_code == 200 and not Rating.objects.exists()  # type: ignore[attr-defined]
    assert 'name="verify"' not in response.content.decode()  # type: ignore[attr-defined]


def test_unknown_code_404(client: Client) -> None:
    assert client.get(reverse("tracking:rate", args=["KHONG-CO"])).status_code == 404


def test_too_many_wrong_answers_locks_the_dossier(client: Client) -> None:
    d = _returned()
    for _i in range(5):
        assert _post(client, d, "0000").status_code == 200  # type: ignore[attr-defined]
    assert _post(client, d, "0000").status_code == 429  # type: ignore[attr-defined]
    assert not Rating.objects.exists()


@override_settings(EGOV_RATELIMIT_RATING="2/m")
def test_ip_rate_limit(client: Client) -> None:
    d = _returned()
    url = reverse("tracking:rate", args=[d.code])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
