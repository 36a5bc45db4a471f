"""Sending to the (simulated) axis: retries with backoff after a 500 or a time-out (once on the
axis thanks to the idempotency key), a 4xx stored and not retried, giving up, a forged
signature, secret documents, statuses without an addressee."""
# ruff: noqa: F811 - the fixtures imported from test_outgoing_fixtures are parameters here

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from egov.core.audit.models import AuditEvent
from egov.documents.axis.adapters.base import PermanentAdapterError
from egov.documents.axis.adapters.http import HttpAxisAdapter
from egov.documents.axis.services import exchange_axis_send_pending
from egov.documents.axis.simulator import AxisSimulator
from egov.documents.axis.testing import sim_delay, sim_fail, sim_mailbox, sim_messages, sim_post
from egov.documents.models import ExchangePackage, ExchangeStatus, OutgoingDocument, Secrecy
from egov.documents.services.exchange import exchange_recall_statuses
from egov.documents.tests.test_outgoing_fixtures import (  # noqa: F401 - fixtures
    EXTERNAL_CODE,
    World,
    out_ca,
    out_pdf,
    world,
)

from .conftest import KEY, SECRET
from .helpers import agency_b, fetch, make_due, released

pytestmark = pytest.mark.django_db


def test_a_500_is_retried_with_backoff(axis: AxisSimulator, world: World) -> None:
    _doc, package = released(world)
    sim_fail(axis.url, "send", 1, 500)
    before = timezone.now()
    assert exchange_axis_send_pending() == 0
    package.refresh_from_db()
    assert package.status == ExchangePackage.Status.READY and package.attempts == 1
    assert "500" in package.last_error and package.failed_at is None
    assert package.next_attempt_at is not None
    assert package.next_attempt_at > before + timedelta(seconds=55)  # backoff: 1 minute
    assert exchange_axis_send_pending() == 0  # not due yet
    assert AuditEvent.objects.filter(action="documents.axis_package_retry_scheduled").count() == 1
    make_due()
    assert exchange_axis_send_pending() == 1
    package.refresh_from_db()
    assert package.status == ExchangePackage.Status.SENT and package.attempts == 2
    assert package.last_error == "" and package.next_attempt_at is None
    assert [m["docId"] for m in sim_messages(axis.url)] == [package.axis_message_id]


def test_a_time_out_after_the_axis_accepted_is_posted_once(
    axis: AxisSimulator, world: World, settings: Any
) -> None:
    _doc, package = released(world)
    settings.EGOV_AXIS_TIMEOUT = 0.5
    sim_delay(axis.url, "send", 2.0)
    assert exchange_axis_send_pending() == 0
    package.refresh_from_db()
    assert package.status == ExchangePackage.Status.READY and "unreachable" in package.last_error
    [posted] = sim_messages(axis.url)  # the axis did take it
    make_due()
    assert exchange_axis_send_pending() == 1
    package.refresh_from_db()
    assert package.axis_message_id == posted["docId"]
    assert posted["key"] == f"axis:package:{package.pk}"
    assert len(sim_messages(axis.url)) == 1
    assert len(sim_mailbox(axis.url, EXTERNAL_CODE)["pending"]) == 1


def test_a_4xx_is_stored_and_not_retried(axis: AxisSimulator, world: World) -> None:
    doc, package = released(world)
    sim_fail(axis.url, "send", 1, 422)
    assert exchange_axis_send_pending() == 0
    package.refresh_from_db()
    assert package.status == ExchangePackage.Status.READY and package.failed_at is not None
    assert "422" in package.last_error and package.next_attempt_at is None
    make_due()
    assert exchange_axis_send_pending() == 0
    assert sim_messages(axis.url) == []
    event = AuditEvent.objects.get(action="documents.axis_package_failed")
    assert "422" in event.reason and event.object_id == str(package.pk)
    # A recall request about the package that never left fails too, instead of waiting forever.
    [recall] = exchange_recall_statuses(document=doc, reason="Ban hành nhầm", now=timezone.now())
    assert exchange_axis_send_pending() == 0
    recall.refresh_from_db()
    assert recall.code == "13" and recall.failed_at is not None and recall.last_error


def test_temporary_errors_give_up_after_the_maximum(axis: AxisSimulator, world: World, settings: Any) -> None:
    settings.EGOV_AXIS_MAX_ATTEMPTS = 2
    _doc, package = released(world)
    sim_fail(axis.url, "send", 2, 503)
    exchange_axis_send_pending()
    make_due()
    exchange_axis_send_pending()
    package.refresh_from_db()
    assert package.failed_at is not None and package.attempts == 2
    assert "2" in package.last_error and "503" in package.last_error


def test_a_forged_signature_is_refused_and_retried_later(
    axis: AxisSimulator, world: World, settings: Any
) -> None:
    _doc, package = released(world)
    settings.EGOV_AXIS_SECRET = "forged"
    assert exchange_axis_send_pending() == 0
    package.refresh_from_db()
    assert "401" in package.last_error and package.failed_at is None  # a configuration fault
    assert sim_messages(axis.url) == []
    settings.EGOV_AXIS_SECRET = SECRET
    make_due()
    assert exchange_axis_send_pending() == 1


def test_a_secret_document_never_leaves(axis: AxisSimulator, world: World) -> None:
    doc, package = released(world)
    OutgoingDocument.objects.filter(pk=doc.pk).update(secrecy=Secrecy.SECRET)
    assert exchange_axis_send_pending() == 0
    package.refresh_from_db()
    assert package.failed_at is not None and package.attempts == 0
    assert "secret" in package.last_error.lower() or "mật" in package.last_error
    assert sim_messages(axis.url) == []
    # The adapter refuses it too, before any network call.
    adapter = HttpAxisAdapter(base_url=axis.url, key=KEY, secret=SECRET, timeout=5)
    with pytest.raises(PermanentAdapterError, match="secret"):
        adapter.send(
            sender=world.agency.agency_code,
            recipients=[EXTERNAL_CODE],
            kind="edoc",
            body=bytes(package.body),
            idempotency_key="k",
            secrecy=Secrecy.TOP_SECRET,
        )
    assert sim_messages(axis.url) == []


def test_a_status_without_addressee_is_failed_visibly(
    axis: AxisSimulator, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    b = agency_b()
    sim_post(axis.url, sender=world.agency.agency_code, to=[b.agency_code], kind="edoc", body=b"<edXML><x")
    assert fetch(django_capture_on_commit_callbacks) == 1
    status = ExchangeStatus.objects.get(code="02")
    assert status.body == ""
    count = len(sim_messages(axis.url))
    assert exchange_axis_send_pending() == 0
    status.refresh_from_db()
    assert status.failed_at is not None and status.sent_at is None
    assert status.last_error == gettext(
        "This status message has no addressee (the package it answers could not be read)."
    )
    assert len(sim_messages(axis.url)) == count
