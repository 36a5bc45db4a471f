"""Catalogue admin (Vietnamese via gettext). Writes go through egov.catalog.services; a published
version is shown read-only, and new rules start as a new draft version."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from egov.catalog import services
from egov.catalog.models import FeeItem, Field, Procedure, ProcedureComponent, ProcedureVersion, ResultType


class _VersionChildInline(admin.TabularInline):
    extra = 0

    def _editable(self, obj: Any) -> bool:
        return obj is None or obj.status == ProcedureVersion.Status.DRAFT

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class ComponentInline(_VersionChildInline):
    model = ProcedureComponent
    fields = ("order", "name", "form", "copies", "mandatory", "blank_form")
    raw_id_fields = ("blank_form",)


class FeeInline(_VersionChildInline):
    model = FeeItem
    fields = ("kind", "name", "amount", "note")


class ResultTypeInline(_VersionChildInline):
    model = ResultType
    fields = ("code", "name")


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ("number", "status", "valid_from", "valid_to", "deadline_hours", "online_level")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _report(modeladmin: admin.ModelAdmin, request: HttpRequest, label: str, error: ValidationError) -> None:
    modeladmin.message_user(request, f"{label}: {' '.join(error.messages)}", messages.ERROR)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name", "search_text")

    def save_model(self, request: HttpRequest, obj: Field, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            form.instance = services.field_create(code=obj.code, name=obj.name, actor=request.user)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "field", "level")
    list_filter = ("level", "field")
    list_select_related = ("field",)
    search_fields = ("code", "search_text")
    inlines = (VersionInline,)
    actions = ("new_draft_version",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        if change:
            services.procedure_update(
                procedure=obj, actor=request.user, name=obj.name, field=obj.field, level=obj.level
            )
        else:
            created = services.procedure_create(
                code=obj.code, name=obj.name, field=obj.field, level=obj.level, actor=request.user
            )
            obj.pk = created.pk

    @admin.action(description=_("Create a new draft version"))
    def new_draft_version(self, request: HttpRequest, queryset: QuerySet[Procedure]) -> None:
        for procedure in queryset:
            version = services.procedure_version_create_draft(procedure=procedure, actor=request.user)
            self.message_user(request, _("Created draft %(version)s.") % {"version": version})


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = (
        "procedure",
        "number",
        "status",
        "valid_from",
        "valid_to",
        "deadline_hours",
        "online_level",
    )
    list_filter = ("status", "online_level", "procedure__level")
    list_select_related = ("procedure",)
    search_fields = ("procedure__code", "procedure__search_text")
    filter_horizontal = ("implementing_agencies",)
    inlines = (ComponentInline, FeeInline, ResultTypeInline)
    actions = ("publish", "new_draft_version")
    exclude = ("published_by",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("status", "published_at")
        if obj.status != ProcedureVersion.Status.DRAFT:
            names = [f.name for f in self.model._meta.fields if f.name != "published_by"]
            return [*names, "implementing_agencies"]
        return ("procedure", "number", "status", "published_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != ProcedureVersion.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool) -> None:
        values = {k: form.cleaned_data[k] for k in services.VERSION_EDITABLE if k in form.cleaned_data}
        if change:
            services.procedure_version_update(version=obj, actor=request.user, **values)
        else:
            created = services.procedure_version_create_draft(
                procedure=obj.procedure, actor=request.user, copy_latest=False, **values
            )
            obj.pk, obj.number = created.pk, created.number
            form.instance = created

    @admin.action(description=_("Publish the selected draft versions"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset.select_related("procedure"):
            try:
                services.procedure_version_publish(version=version, actor=request.user)
            except ValidationError as error:
                _report(self, request, str(version), error)
            else:
                self.message_user(request, _("Published %(version)s.") % {"version": version})

    @admin.action(description=_("Create a new draft version"))
    def new_draft_version(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for procedure_id in set(queryset.values_list("procedure_id", flat=True)):
            procedure = Procedure.objects.get(pk=procedure_id)
            version = services.procedure_version_create_draft(procedure=procedure, actor=request.user)
            self.message_user(request, _("Created draft %(version)s.") % {"version": version})
