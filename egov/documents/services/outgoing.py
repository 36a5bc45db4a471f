"""Outgoing documents: the numbering step (Decree 30/2020 Art. 15–16) and the rule-8 guard for the
electronic exchange. Drafting, approval, signing (egov.signing) and release come later and call
these: `outgoing_number` after signing, `outgoing_check_exchangeable` before building an edXML."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.audit.services import audit_record
from egov.documents.models import OutgoingDocument
from egov.documents.services.common import outgoing_search_text, refuse
from egov.documents.services.numbering import document_number_issue_row, local_year


@transaction.atomic
def outgoing_number(
    *,
    actor: Any,
    document: OutgoingDocument,
    issuing_abbr: str,
    unit_abbr: str = "",
    now: datetime | None = None,
) -> OutgoingDocument:
    """Give a signed document its number and date (the issuing date is today in Vietnam time; the
    series is the agency's outgoing one for that year, the secret one for secret documents)."""
    now = now or timezone.now()
    document = OutgoingDocument.objects.select_for_update().select_related("doc_type").get(pk=document.pk)
    if document.issued_number_id is not None:
        raise refuse(_("This document already has a number."), "already_numbered")
    if document.status != OutgoingDocument.Status.SIGNED:
        raise refuse(_("A document is numbered only after it has been signed."), "not_signed")
    issued = document_number_issue_row(
        agency=document.agency,
        doc_type=document.doc_type,
        year=local_year(now),
        secret=document.is_secret,
        issuing_abbr=issuing_abbr,
        unit_abbr=unit_abbr,
        actor=actor,
        now=now,
    )
    before = document.status
    document.issued_number = issued
    document.number, document.symbol, document.number_text = issued.number, issued.symbol, issued.text
    document.issued_date = timezone.localdate(now)
    document.status = OutgoingDocument.Status.NUMBERED
    document.search_text = outgoing_search_text(document)
    document.save()
    audit_record(
        actor=actor,
        action="documents.outgoing_number",
        target=document,
        from_state=before,
        to_state=document.status,
        data={"number": issued.text},
    )
    return document


def outgoing_check_exchangeable(document: OutgoingDocument) -> None:
    """Rule 8: a secret document is never sent through the electronic document exchange."""
    if document.is_secret:
        raise refuse(
            _("A secret document cannot be sent through the electronic document exchange."),
            "secret_no_exchange",
        )
