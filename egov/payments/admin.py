"""Staff: read-only lists of payments and of the callbacks the gateway sent."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.payments.models import Payment, PaymentCallback


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "txn_ref", "dossier", "amount", "status", "paid_at", "receipt_number", "reconciliation_status",
    )  # fmt: skip
    list_filter = ("status", "reconciliation_status", "gateway")
    search_fields = ("txn_ref", "dossier__code", "gateway_txn_no", "receipt_number")
    list_select_related = ("dossier",)
    date_hierarchy = "created_at"
    list_per_page = 50


@admin.register(PaymentCallback)
class PaymentCallbackAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "kind", "txn_ref", "signature_valid", "outcome", "remote_ip")
    list_filter = ("kind", "signature_valid", "outcome")
    search_fields = ("txn_ref",)
    list_per_page = 50
