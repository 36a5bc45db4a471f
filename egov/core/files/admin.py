from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from egov.core.files.models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin[StoredFile]):
    """Read-only: files are created by services.file_store and never edited."""

    list_display = (
        "original_name",
        "kind",
        "size",
        "uploaded_by",
        "owner_type",
        "owner_id",
        "created_at",
        "link",
    )
    list_filter = ("kind", "owner_type")
    search_fields = ("original_name", "sha256", "owner_id")
    list_select_related = ("uploaded_by",)
    date_hierarchy = "created_at"
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description=_("download"))
    def link(self, obj: StoredFile) -> str:
        return format_html('<a href="{}">{}</a>', reverse("files:download", args=[obj.pk]), _("Download"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
