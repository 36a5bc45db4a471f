from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.core.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ("id", "created_at", "actor_label", "action", "object_repr", "from_state", "to_state")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "object_repr", "actor_label", "request_id")
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
