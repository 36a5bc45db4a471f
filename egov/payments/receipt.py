"""The electronic fee receipt (biên lai điện tử) as PDF, through egov.printing. Always printed in
Vietnamese; times in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from typing import Any

from egov.dossiers.forms_pdf import agency_header
from egov.payments.models import Payment
from egov.payments.vn_words import amount_in_words
from egov.printing import vn_format as vf
from egov.printing.pdf import pdf_render
from egov.printing.qr import qr_data_uri, tracking_url

TEMPLATE = "payments/receipt_pdf.html"


def receipt_context(payment: Payment) -> dict[str, Any]:
    dossier = payment.dossier
    version = dossier.procedure_version
    link = tracking_url(dossier.code)
    fees = [
        {"name": f.name, "kind": f.get_kind_display(), "amount": vf.money(f.amount)}
        for f in version.fees.all()
    ]
    return {
        "form_title": "Biên lai thu phí, lệ phí",
        "code": dossier.code,
        "tracking_url": link,
        "qr_uri": qr_data_uri(link),
        **agency_header(dossier.receiving_agency, on=payment.paid_at),
        "receipt_number": payment.receipt_number or "",
        "payer_name": dossier.applicant_name,
        "payer_address": dossier.applicant_address,
        "payer_id_number": dossier.applicant_id_number,
        "procedure_name": version.name,
        "procedure_code": version.procedure.code,
        "fees": fees,
        "amount": vf.money(payment.amount),
        "amount_words": amount_in_words(payment.amount),
        "paid_at": f"{vf.local(payment.paid_at):%d/%m/%Y %H:%M}" if payment.paid_at else "",
        "gateway_txn_no": payment.gateway_txn_no,
        "txn_ref": payment.txn_ref,
        "bank_code": payment.bank_code,
    }


def receipt_pdf(payment: Payment) -> bytes:
    return pdf_render(template=TEMPLATE, context=receipt_context(payment))
