"""Outbox in the admin: read-only list and detail, with "retry now" and "cancel" actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from egov.notifications.models import OutboxMessage
from egov.notifications.services import outbox_cancel, outbox_retry_now


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = (
        "id",
        "channel",
        "recipient",
        "template",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "delivery_status",
        "created_at",
    )
    list_filter = ("status", "channel", "template", "delivery_status", "created_at")
    search_fields = ("recipient", "idempotency_key", "provider_message_id")
    date_hierarchy = "created_at"
    ordering = ("-id",)
    actions = ("retry_now", "cancel")
    readonly_fields = tuple(f.name for f in OutboxMessage._meta.get_fields() if getattr(f, "concrete", False))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The change permission enables the actions on the list; a single message is never edited.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Retry now"), permissions=["change"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        done = sum(
            outbox_retry_now(message_id=pk, actor=request.user)
            for pk in queryset.values_list("pk", flat=True)
        )
        skipped = queryset.count() - done
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be retried now.", "%(count)d messages will be retried now.", done
            )
            % {"count": done},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message was skipped: only pending or failed messages can be retried.",
                    "%(count)d messages were skipped: only pending or failed messages can be retried.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Cancel"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        done = sum(
            outbox_cancel(message_id=pk, actor=request.user, reason="admin")
            for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext("%(count)d message cancelled.", "%(count)d messages cancelled.", done) % {"count": done},
            messages.SUCCESS,
        )
