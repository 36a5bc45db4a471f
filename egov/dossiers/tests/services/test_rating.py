"""Satisfaction rating (Decree 118/2025 Art. 33): once, only after the result."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from egov.core.audit.models import AuditEvent
from egov.dossiers.models import Dossier, Rating
from egov.dossiers.services import dossier_rate, rating_scale
from egov.dossiers.tests.services.conftest import vn
from egov.dossiers.tests.services.factories import make_dossier

pytestmark = pytest.mark.django_db


def test_rate_resolved_dossier_once() -> None:
    d = make_dossier(status=Dossier.Status.RETURNED)
    rating = dossier_rate(
        dossier=d,
        levels={"overall": "very_satisfied", "time": "satisfied", "costs": ""},
        comment="Nhanh chóng",
        channel="online",
        now=vn(2026, 3, 2, 9, 0),
    )
    assert rating.level == "very_satisfied"
    assert rating.criteria == {"time": "satisfied"}
    assert rating.created_at == vn(2026, 3, 2, 9, 0)
    assert AuditEvent.objects.filter(action="dossier.rate").count() == 1
    with pytest.raises(ValidationError) as err:
        dossier_rate(dossier=d, levels={"overall": "unsatisfied"}, channel="kiosk")
    assert err.value.code == "already_rated"
    assert Rating.objects.count() == 1


def test_database_allows_one_rating_per_dossier() -> None:
    d = make_dossier(status=Dossier.Status.RESOLVED)
    Rating.objects.create(dossier=d, level="satisfied", channel="counter", created_at=vn(2026, 3, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(dossier=d, level="satisfied", channel="counter", created_at=vn(2026, 3, 2))


@pytest.mark.parametrize("status", ["processing", "supplement_requested", "refused", "stopped"])
def test_rate_refused_before_the_result(status: str) -> None:
    d = make_dossier(status=status)
    with pytest.raises(ValidationError) as err:
        dossier_rate(dossier=d, levels={"overall": "satisfied"}, channel="online")
    assert err.value.code == "not_resolved"


def test_rate_rejects_unknown_levels_and_channel() -> None:
    d = make_dossier(status=Dossier.Status.RESOLVED)
    with pytest.raises(ValidationError):
        dossier_rate(dossier=d, levels={"overall": "great"}, channel="online")
    with pytest.raises(ValidationError):
        dossier_rate(dossier=d, levels={"overall": "satisfied", "bogus": "satisfied"}, channel="online")
    with pytest.raises(ValidationError):
        dossier_rate(dossier=d, levels={"overall": "satisfied"}, channel="fax")
    assert not Rating.objects.exists()


def test_scale_from_setting() -> None:
    assert [c for c, _l in rating_scale()] == ["very_satisfied", "satisfied", "unsatisfied"]
    with override_settings(EGOV_RATING_SCALE=[("5", "Tốt"), ("1", "Kém")]):
        assert rating_scale() == [("5", "Tốt"), ("1", "Kém")]
        d = make_dossier(status=Dossier.Status.RESOLVED)
        assert dossier_rate(dossier=d, levels={"overall": "5"}, channel="kiosk").level == "5"
