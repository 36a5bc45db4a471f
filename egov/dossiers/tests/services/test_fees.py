"""dossier_fee_paid: credits online payments, capped at fees_due, audited, resolves AWAITING_PAYMENT."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from egov.core.audit.models import AuditEvent
from egov.dossiers.models import Dossier
from egov.dossiers.services.fees import (
    dossier_fee_paid,
    dossier_fees_outstanding,
    dossier_is_payable,
)
from egov.dossiers.tests.services.conftest import World, vn


def test_outstanding_comes_from_the_version_fee_items(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 9))
    assert d.fees_due == Decimal(50000)
    assert dossier_fees_outstanding(d) == Decimal(50000)
    d.fees_collected = Decimal(60000)
    assert dossier_fees_outstanding(d) == 0
    assert dossier_is_payable(d)
    d.status = Dossier.Status.REFUSED
    assert not dossier_is_payable(d)


def test_credit_and_audit(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 9))
    result = dossier_fee_paid(dossier_id=d.pk, amount=Decimal(20000), reference="EG1", now=vn(2026, 3, 2, 10))
    assert result.credited == Decimal(20000) and result.excess == 0 and not result.resolved
    d.refresh_from_db()
    assert d.fees_collected == Decimal(20000) and d.status == Dossier.Status.PROCESSING
    event = AuditEvent.objects.filter(action="dossier.payment").get()
    assert event.actor_id is None and event.data["reference"] == "EG1" and event.data["channel"] == "online"


def test_never_above_fees_due(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 9), fees_collected=Decimal(30000))
    result = dossier_fee_paid(dossier_id=d.pk, amount=Decimal(50000), reference="EG2")
    assert result.credited == Decimal(20000) and result.excess == Decimal(30000)
    d.refresh_from_db()
    assert d.fees_collected == d.fees_due == Decimal(50000)
    assert AuditEvent.objects.get(action="dossier.payment").data["excess"] == "30000"


def test_awaiting_payment_resolves_when_covered(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 9))
    Dossier.objects.filter(pk=d.pk).update(
        status=Dossier.Status.AWAITING_PAYMENT, resolved_at=vn(2026, 3, 3, 9)
    )
    partial = dossier_fee_paid(dossier_id=d.pk, amount=Decimal(10000), reference="EG3")
    assert not partial.resolved and partial.dossier.status == Dossier.Status.AWAITING_PAYMENT
    full = dossier_fee_paid(dossier_id=d.pk, amount=Decimal(40000), reference="EG4")
    assert full.resolved and full.dossier.status == Dossier.Status.RESOLVED
    event = AuditEvent.objects.filter(action="dossier.payment").order_by("-pk").first()
    assert event is not None and event.from_state == "awaiting_payment" and event.to_state == "resolved"


def test_amount_must_be_positive(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 2, 9))
    with pytest.raises(ValidationError):
        dossier_fee_paid(dossier_id=d.pk, amount=Decimal(0), reference="EG5")
