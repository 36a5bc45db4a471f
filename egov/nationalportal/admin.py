from django.contrib import admin

from egov.nationalportal.models import NationalDossierLink, PullProblem


@admin.register(NationalDossierLink)
class NationalDossierLinkAdmin(admin.ModelAdmin[NationalDossierLink]):
    list_display = ("remote_code", "dossier", "pulled_at", "last_pushed_status", "last_pushed_at")
    search_fields = ("remote_code", "dossier__code")
    raw_id_fields = ("dossier",)

    def has_add_permission(self, request: object) -> bool:  # type: ignore[override]
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:  # type: ignore[override]
        return False


@admin.register(PullProblem)
class PullProblemAdmin(admin.ModelAdmin[PullProblem]):
    list_display = ("remote_code", "kind", "status", "attempts", "last_attempt_at")
    list_filter = ("status", "kind")
    search_fields = ("remote_code", "procedure_code", "agency_code")

    def has_add_permission(self, request: object) -> bool:  # type: ignore[override]
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:  # type: ignore[override]
        return False
