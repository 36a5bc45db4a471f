"""Shared steps of the axis tests."""

from __future__ import annotations

from typing import Any, cast

from django.utils import timezone

from egov.documents.axis.services import exchange_axis_fetch
from egov.documents.models import ExchangePackage, ExchangeStatus, OutgoingRecipient
from egov.documents.services import outgoing_release
from egov.documents.tests.test_outgoing_fixtures import EXTERNAL_CODE, World, numbered
from egov.org.models import Agency
from egov.org.tests.factories import AgencyFactory


def agency_b() -> Agency:
    return cast(Agency, AgencyFactory(name="Bộ Nội vụ", agency_code=EXTERNAL_CODE))


def released(w: World, **kw: Any) -> tuple[Any, ExchangePackage]:
    doc = outgoing_release(clerk=w.clerk, document=numbered(w, **kw))
    row = OutgoingRecipient.objects.get(document=doc, kind="external")
    assert row.package is not None
    return doc, row.package


def fetch(capture: Any) -> int:
    """Run the fetch job and the after-commit acknowledgements it registers."""
    with capture(execute=True):
        return exchange_axis_fetch()


def make_due() -> None:
    now = timezone.now()
    ExchangePackage.objects.filter(next_attempt_at__isnull=False).update(next_attempt_at=now)
    ExchangeStatus.objects.filter(next_attempt_at__isnull=False).update(next_attempt_at=now)
