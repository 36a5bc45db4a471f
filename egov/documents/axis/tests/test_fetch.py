"""Fetching from the (simulated) axis: refused packages are stored and acknowledged (their 02 goes
back), replays and lost acknowledgements are idempotent, failed downloads stay on the axis,
statuses about unknown documents are kept."""
# ruff: noqa: F811 - the fixtures imported from test_outgoing_fixtures are parameters here

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from egov.documents import edxml
from egov.documents.axis.services import exchange_axis_fetch, exchange_axis_send_pending
from egov.documents.axis.simulator import AxisSimulator
from egov.documents.axis.testing import sim_fail, sim_mailbox, sim_post, sim_redeliver
from egov.documents.models import ExchangePackage, ExchangeStatus, IncomingDocument, OutgoingRecipient
from egov.documents.tests.test_outgoing_fixtures import (  # noqa: F401 - fixtures
    World,
    out_ca,
    out_pdf,
    world,
)

from .helpers import agency_b, fetch, released

pytestmark = pytest.mark.django_db


def test_replays_and_lost_acks_import_once(
    axis: AxisSimulator, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    b = agency_b()
    _doc, package = released(world)
    exchange_axis_send_pending()
    package.refresh_from_db()
    message_id = package.axis_message_id
    sim_fail(axis.url, "ack", 1, 500)
    assert fetch(django_capture_on_commit_callbacks) == 1
    assert [m["docId"] for m in sim_mailbox(axis.url, b.agency_code)["pending"]] == [message_id]
    assert fetch(django_capture_on_commit_callbacks) == 0  # known id: acknowledged only
    assert sim_mailbox(axis.url, b.agency_code) == {"pending": [], "acked": [message_id]}
    assert sim_redeliver(axis.url, message_id, b.agency_code)
    assert fetch(django_capture_on_commit_callbacks) == 0
    assert sim_mailbox(axis.url, b.agency_code)["pending"] == []
    assert IncomingDocument.objects.filter(agency=b).count() == 1
    assert ExchangePackage.objects.filter(agency=b).count() == 1
    # The same package posted again under another message id: refused as a duplicate, acknowledged.
    sim_post(
        axis.url, sender=world.agency.agency_code, to=[b.agency_code], kind="edoc", body=bytes(package.body)
    )
    assert fetch(django_capture_on_commit_callbacks) == 1
    assert IncomingDocument.objects.filter(agency=b).count() == 1
    assert sim_mailbox(axis.url, b.agency_code)["pending"] == []


def test_a_failed_download_stays_on_the_axis(
    axis: AxisSimulator, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    b = agency_b()
    released(world)
    exchange_axis_send_pending()
    sim_fail(axis.url, "fetch", 1, 503)
    assert fetch(django_capture_on_commit_callbacks) == 0
    assert len(sim_mailbox(axis.url, b.agency_code)["pending"]) == 1
    assert not IncomingDocument.objects.filter(agency=b).exists()
    sim_fail(axis.url, "list", 1, 500)
    assert fetch(django_capture_on_commit_callbacks) == 0
    assert fetch(django_capture_on_commit_callbacks) == 1
    assert IncomingDocument.objects.filter(agency=b).count() == 1


def test_a_refused_package_is_acknowledged_and_its_02_reaches_the_sender(
    axis: AxisSimulator, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    b = agency_b()
    _doc, package = released(world)
    # The same document without its PDF: B refuses it (readable, so the 02 has an addressee).
    envelope = edxml.envelope_parse(bytes(package.body))
    no_pdf = edxml.envelope_build(
        replace(
            envelope,
            attachments=[
                edxml.Attachment(content_id="x1", name="ghi-chu.txt", content_type="text/plain", data=b"x")
            ],
        )
    )
    message_id = sim_post(
        axis.url, sender=world.agency.agency_code, to=[b.agency_code], kind="edoc", body=no_pdf
    )
    assert fetch(django_capture_on_commit_callbacks) == 1
    refused = ExchangePackage.objects.get(agency=b, status="refused")
    assert refused.axis_message_id == message_id and "PDF" in refused.error
    assert sim_mailbox(axis.url, b.agency_code) == {"pending": [], "acked": [message_id]}
    assert not IncomingDocument.objects.filter(agency=b).exists()
    # The 02 goes back to A (A's own package goes out in the same run).
    assert exchange_axis_send_pending() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert exchange_axis_fetch() == 2  # B imports A's real package; A records the 02
    assert ExchangeStatus.objects.get(direction="inbound", package=package).code == "02"
    assert OutgoingRecipient.objects.get(package=package).delivery == OutgoingRecipient.Delivery.REFUSED
    assert IncomingDocument.objects.filter(agency=b).count() == 1


def test_a_package_for_another_mailbox_is_refused_and_its_02_kept_by_the_sender(
    axis: AxisSimulator, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _doc, package = released(world)
    other = world.other.agency_code
    message_id = sim_post(
        axis.url, sender=world.agency.agency_code, to=[other], kind="edoc", body=bytes(package.body)
    )
    assert fetch(django_capture_on_commit_callbacks) == 1
    refused = ExchangePackage.objects.get(agency=world.other, status="refused")
    assert refused.axis_message_id == message_id and refused.error
    assert exchange_axis_send_pending() == 2  # A's package to B, world.other's 02 to A
    assert fetch(django_capture_on_commit_callbacks) == 1  # A: about a package not sent to world.other
    kept = ExchangeStatus.objects.get(direction="inbound")
    assert kept.package is None and kept.code == "02" and kept.organ_id == other and kept.last_error
    assert OutgoingRecipient.objects.get(package=package).delivery != OutgoingRecipient.Delivery.REFUSED


def test_a_malformed_package_is_stored_refused_once(
    axis: AxisSimulator, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    b = agency_b()
    message_id = sim_post(
        axis.url, sender=world.agency.agency_code, to=[b.agency_code], kind="edoc", body=b"<edXML><broken"
    )
    assert fetch(django_capture_on_commit_callbacks) == 1
    refused = ExchangePackage.objects.get(agency=b)
    assert refused.status == ExchangePackage.Status.REFUSED and refused.axis_message_id == message_id
    assert bytes(refused.body) == b"<edXML><broken" and "edXML" in refused.error
    assert refused.statuses.get().code == "02"
    assert sim_mailbox(axis.url, b.agency_code)["pending"] == []
    sim_redeliver(axis.url, message_id, b.agency_code)
    assert fetch(django_capture_on_commit_callbacks) == 0
    assert ExchangePackage.objects.filter(agency=b).count() == 1


def test_a_status_about_an_unknown_document_is_kept(
    axis: AxisSimulator, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    message = edxml.status_build(
        edxml.StatusMessage(
            response_for=edxml.ResponseFor(
                organ_id=world.agency.agency_code,
                code="99/QĐ-UBND",
                promulgation_date=date(2026, 1, 5),
                document_id=f"{world.agency.agency_code},2026/01/05,99/QĐ-UBND",
            ),
            sender=edxml.Organization(organ_id="000.00.00.G09", organ_name="Bộ Nội vụ"),
            status_code="03",
            timestamp=timezone.now(),
        )
    )
    code = world.agency.agency_code
    message_id = sim_post(axis.url, sender="000.00.00.G09", to=[code], kind="status", body=message)
    assert fetch(django_capture_on_commit_callbacks) == 1
    kept = ExchangeStatus.objects.get(direction="inbound")
    assert kept.package is None and kept.axis_message_id == message_id and kept.code == "03"
    assert kept.last_error and kept.organ_id == "000.00.00.G09"
    assert sim_mailbox(axis.url, code)["pending"] == []
    sim_redeliver(axis.url, message_id, code)
    assert fetch(django_capture_on_commit_callbacks) == 0
    assert ExchangeStatus.objects.filter(direction="inbound").count() == 1
