"""Agency A releases a signed document to agency B through the (simulated) national axis: the
package travels, B's clerk finds it with the signed PDF, registers it, and the statuses 01 and 03
travel back to A, whose recipient row follows."""
# ruff: noqa: F811 - the fixtures imported from test_outgoing_fixtures are parameters here

from __future__ import annotations

from typing import Any

import pytest

from egov.core.audit.models import AuditEvent
from egov.core.files.selectors import file_open
from egov.documents.axis.services import exchange_axis_fetch, exchange_axis_send_pending
from egov.documents.axis.simulator import AxisSimulator
from egov.documents.axis.testing import sim_fail, sim_mailbox
from egov.documents.edxml import status_parse
from egov.documents.models import ExchangePackage, ExchangeStatus, IncomingDocument, OutgoingRecipient
from egov.documents.services import incoming_register_received
from egov.documents.tests.conftest import staff
from egov.documents.tests.test_outgoing_fixtures import (  # noqa: F401 - fixtures
    World,
    out_ca,
    out_pdf,
    world,
)
from egov.org.models import Role
from egov.signing.validation import pdf_validate

from .helpers import agency_b, fetch, make_due, released

pytestmark = pytest.mark.django_db


def test_a_releases_to_b_and_the_statuses_come_back(
    axis: AxisSimulator, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    b = agency_b()
    a_code, b_code = world.agency.agency_code, b.agency_code
    doc, package = released(world)
    assert package.status == ExchangePackage.Status.READY and package.sent_at is None

    assert exchange_axis_send_pending() == 1
    assert exchange_axis_send_pending() == 0  # nothing twice
    package.refresh_from_db()
    assert package.status == ExchangePackage.Status.SENT and package.sent_at is not None
    [waiting] = sim_mailbox(axis.url, b_code)["pending"]
    assert (waiting["docId"], waiting["from"], waiting["type"]) == (package.axis_message_id, a_code, "edoc")
    assert AuditEvent.objects.filter(action="documents.axis_package_sent").count() == 1

    # B fetches: an unregistered electronic incoming document with A's signed PDF.
    assert fetch(django_capture_on_commit_callbacks) == 1
    incoming = IncomingDocument.objects.get(agency=b)
    assert incoming.status == IncomingDocument.Status.RECEIVED
    assert incoming.sender_code == a_code and incoming.abstract == doc.abstract
    with file_open(incoming.file) as fh:
        received = fh.read()
    with file_open(doc.signed_file) as fh:
        assert received == fh.read()
    assert all(r.ok for r in pdf_validate(pdf=received, trust_roots=[world.ca_pem]))
    inbound = ExchangePackage.objects.get(agency=b, direction="inbound")
    assert inbound.axis_message_id == package.axis_message_id
    assert sim_mailbox(axis.url, b_code) == {"pending": [], "acked": [package.axis_message_id]}
    assert fetch(django_capture_on_commit_callbacks) == 0

    # B registers: 01 (arrived, made on import) and 03 (accepted) go back to A, in order, even
    # when the first attempt at 01 fails.
    incoming_register_received(actor=staff(b, Role.CLERK), document=incoming)
    assert sorted(inbound.statuses.values_list("code", flat=True)) == ["01", "03"]
    sim_fail(axis.url, "send", 1, 500)
    assert exchange_axis_send_pending() == 0  # 01 failed, 03 waits behind it
    assert ExchangeStatus.objects.get(package=inbound, code="03").attempts == 0
    make_due()
    assert exchange_axis_send_pending() == 2
    pending_a = sim_mailbox(axis.url, a_code)["pending"]
    assert [m["type"] for m in pending_a] == ["status", "status"]
    codes = [status_parse(axis.body_of(m["docId"], a_code) or b"").status_code for m in pending_a]
    assert codes == ["01", "03"]
    assert all(s.sent_at is not None for s in inbound.statuses.all())

    # A fetches the statuses: its external recipient is now "accepted".
    assert fetch(django_capture_on_commit_callbacks) == 2
    recorded = ExchangeStatus.objects.filter(direction="inbound", package=package)
    assert sorted(recorded.values_list("code", flat=True)) == ["01", "03"]
    assert all(r.axis_message_id for r in recorded)
    row = OutgoingRecipient.objects.get(package=package)
    assert row.delivery == OutgoingRecipient.Delivery.ACCEPTED
    assert sim_mailbox(axis.url, a_code)["pending"] == []
    assert exchange_axis_send_pending() == 0 and fetch(django_capture_on_commit_callbacks) == 0


def test_nothing_happens_while_disabled(axis: AxisSimulator, world: World, settings: Any) -> None:
    settings.EGOV_AXIS_ENABLED = False
    released(world)
    assert exchange_axis_send_pending() == 0 and exchange_axis_fetch() == 0
    assert ExchangePackage.objects.get().status == ExchangePackage.Status.READY
