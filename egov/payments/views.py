"""Thin views: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from egov.core.ratelimit import client_ip, ratelimit
from egov.dossiers.models import Dossier
from egov.dossiers.selectors import dossiers_owned_by
from egov.dossiers.services.fees import dossier_fees_outstanding, dossier_is_payable
from egov.payments import conf
from egov.payments.forms import ReceiptLookupForm
from egov.payments.models import Payment
from egov.payments.receipt import receipt_pdf
from egov.payments.selectors import owned_dossier, payment_for_receipt, payments_of_dossier, receipt_lookup
from egov.payments.services import PaymentRefused, payment_handle_ipn, payment_handle_return, payment_start


def dossier_link(code: str) -> str:
    try:
        return reverse("portal:my-dossier", args=[code])
    except NoReverseMatch:
        return "/"


def _return_url(request: HttpRequest) -> str:
    path = reverse("payments:return")
    base = conf.public_base_url()
    return base + path if base else request.build_absolute_uri(path)


def _pdf(payment: Payment) -> HttpResponse:
    response = HttpResponse(receipt_pdf(payment), content_type="application/pdf")
    name = f"bien-lai-{payment.receipt_number or payment.txn_ref}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _dossier_page(
    request: HttpRequest, dossier: Dossier, *, error: str = "", status: int = 200
) -> HttpResponse:
    payments = payments_of_dossier(dossier=dossier)
    context = {
        "portal_section": "mine",
        "dossier": dossier,
        "fees": list(dossier.procedure_version.fees.all()),
        "outstanding": dossier_fees_outstanding(dossier),
        "payable": dossier_is_payable(dossier),
        "payments": payments,
        "pending": next((p for p in payments if p.status == Payment.Status.PENDING), None),
        "error": error,
        "dossier_url": dossier_link(dossier.code),
    }
    return render(request, "payments/dossier.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, code: str) -> HttpResponse:
    """GET: what is owed and the dossier's payments. POST: open (or reopen) the payment and go to
    the gateway; a second POST while one is pending goes to the same payment URL."""
    dossier = owned_dossier(user=request.user, code=code)
    if dossier is None:
        raise Http404
    if request.method == "POST":
        try:
            payment = payment_start(
                actor=request.user,
                dossier=dossier,
                return_url=_return_url(request),
                client_ip=client_ip(request),
            )
        except PaymentRefused as exc:
            dossier.refresh_from_db()
            return _dossier_page(request, dossier, error=" ".join(exc.messages), status=409)
        return HttpResponseRedirect(payment.payment_url)
    return _dossier_page(request, dossier)


@never_cache
@require_GET
def payment_return(request: HttpRequest) -> HttpResponse:
    outcome = payment_handle_return(params=request.GET.dict(), remote_ip=client_ip(request))
    payment = outcome.payment
    if payment is None or outcome.outcome in ("invalid_signature", "invalid_amount", "error"):
        state = "invalid"
    else:
        state = {
            Payment.Status.PAID: "paid",
            Payment.Status.CANCELLED: "cancelled",
            Payment.Status.PENDING: "pending",
        }.get(Payment.Status(payment.status), "failed")
    owner = bool(
        payment is not None and dossiers_owned_by(user=request.user).filter(pk=payment.dossier_id).exists()
    )
    context = {
        "portal_section": "mine",
        "state": state,
        "message": outcome.result.message if outcome.result.signature_valid else "",
        "payment": payment if state != "invalid" else None,
        "owner": owner,
        "dossier_url": dossier_link(payment.dossier.code) if payment is not None and owner else "/",
    }
    return render(request, "payments/result.html", context)


@csrf_exempt
@require_GET
def ipn(request: HttpRequest) -> JsonResponse:
    outcome = payment_handle_ipn(params=request.GET.dict(), remote_ip=client_ip(request))
    return JsonResponse(outcome.body)


@login_required
@require_GET
def receipt(request: HttpRequest, txn_ref: str) -> HttpResponse:
    payment = payment_for_receipt(user=request.user, txn_ref=txn_ref)
    if payment is None:
        raise Http404
    return _pdf(payment)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit("payments-receipt-lookup", 10, 60, setting="EGOV_PAYMENT_LOOKUP_RATE")
def lookup(request: HttpRequest) -> HttpResponse:
    """Public: the receipt PDF for a dossier code + the applicant's ID number (rate-limited)."""
    form = ReceiptLookupForm(request.POST or None)
    not_found = False
    if request.method == "POST" and form.is_valid():
        payment = receipt_lookup(code=form.cleaned_data["code"], id_number=form.cleaned_data["id_number"])
        if payment is not None:
            return _pdf(payment)
        not_found = True
    status = 200 if request.method == "GET" or (form.is_valid() and not not_found) else 400
    if not_found:
        status = 404
    return render(request, "payments/lookup.html", {"form": form, "not_found": not_found}, status=status)
