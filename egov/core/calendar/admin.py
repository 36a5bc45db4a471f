"""Overrides in the admin: added and deleted through the services (audited), never edited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from egov.core.calendar.models import CalendarOverride
from egov.core.calendar.services import calendar_override_create, calendar_override_delete


class ScopeFilter(admin.SimpleListFilter):
    title = _("scope")
    parameter_name = "scope"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("national", _("National")), ("province", _("One province"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "national":
            return queryset.filter(province_code__isnull=True)
        if self.value() == "province":
            return queryset.filter(province_code__isnull=False)
        return queryset


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin[CalendarOverride]):
    list_display = ("date", "kind", "province_code", "reason", "source_document", "created_at")
    list_filter = ("kind", ScopeFilter, "province_code")
    date_hierarchy = "date"
    search_fields = ("reason", "source_document")
    fields = ("date", "kind", "province_code", "reason", "source_document")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Viewing an existing override is allowed; correcting one means delete and create.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool) -> None:
        created = calendar_override_create(
            actor=request.user,
            date=obj.date,
            kind=obj.kind,
            reason=obj.reason,
            source_document=obj.source_document,
            province_code=obj.province_code,
        )
        obj.pk, obj.created_at = created.pk, created.created_at

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        calendar_override_delete(actor=request.user, override=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for override in queryset:
            calendar_override_delete(actor=request.user, override=override)
