"""Read-only admin for dossiers: every change goes through the services (audit, locking)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.dossiers.models import Dossier, DossierCodeSequence, Handover, SupplementationRequest, Task


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TaskInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Task
    extra = 0
    fields = ("step", "agency", "assignee", "status", "due_at", "completed_at", "timeliness")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = (
        "code",
        "applicant_name",
        "status",
        "competent_agency",
        "received_at",
        "due_at",
        "timeliness",
    )
    list_filter = ("status", "channel", "timeliness")
    search_fields = ("code", "search_text")
    list_select_related = ("competent_agency",)
    date_hierarchy = "received_at"
    inlines = [TaskInline]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "step", "agency", "assignee", "status", "due_at", "timeliness")
    list_filter = ("status", "timeliness", "role")
    list_select_related = ("dossier", "step", "agency", "assignee")
    search_fields = ("dossier__code",)


@admin.register(Handover)
class HandoverAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "at", "step_name", "from_agency", "to_agency", "timeliness")
    list_select_related = ("dossier", "from_agency", "to_agency")
    search_fields = ("dossier__code",)


@admin.register(SupplementationRequest)
class SupplementationRequestAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "stage", "requested_at", "completed_at", "closed_at")
    list_select_related = ("dossier",)


@admin.register(DossierCodeSequence)
class DossierCodeSequenceAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "day", "last")
