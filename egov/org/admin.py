"""Administration of the organisation (Vietnamese through gettext).

Every save goes through `egov.org.services` (validated and audited). Non-superusers see only the
agencies their `agency_admin` / `system_admin` positions allow (`egov.org.scoping`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.core.text import fold
from egov.org import services
from egov.org.models import (
    AdminUnit,
    Agency,
    AgencyCodeHistory,
    Department,
    Role,
    StaffAssignment,
    UnitSuccession,
)
from egov.org.scoping import agencies_visible_to, scope_queryset
from egov.org.services.agencies import CODE_TAKEN_MESSAGE

ADMIN_ROLES = (Role.AGENCY_ADMIN.value, Role.SYSTEM_ADMIN.value)


def _folded_search(queryset: QuerySet[Any], search_term: str, *extra: str) -> QuerySet[Any]:
    term = fold(search_term)
    if not term:
        return queryset
    q = Q(search_text__contains=term)
    for field in extra:
        q |= Q(**{f"{field}__istartswith": search_term.strip()})
    return queryset.filter(q)


class ValidityFilter(admin.SimpleListFilter):
    """Current (no end date, or ending today or later) or ended."""

    title = pgettext_lazy("validity", "status")
    parameter_name = "validity"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("current", pgettext_lazy("validity", "Current")),
            ("ended", pgettext_lazy("validity", "Ended")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.filter(valid_from__lte=today).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=today)
            )
        if self.value() == "ended":
            return queryset.filter(valid_to__lt=today)
        return queryset


# Administrative units ---------------------------------------------------------------------------


class ProvinceFilter(admin.SimpleListFilter):
    title = _("province")
    parameter_name = "province"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[Any, Any]]:
        provinces = AdminUnit.objects.filter(
            kind__in=[AdminUnit.Kind.PROVINCE, AdminUnit.Kind.CITY], valid_to__isnull=True
        ).order_by("name")
        return [(str(p.pk), p.name) for p in provinces]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(Q(parent_id=int(value)) | Q(pk=int(value)))
        return queryset


class UnitSuccessionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    can_delete = False
    autocomplete_fields = ("successor",)
    fields = ("successor", "relation", "effective_on")
    verbose_name = _("successor")
    verbose_name_plural = _("successors")


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind", ProvinceFilter, ValidityFilter)
    list_select_related = ("parent",)
    search_fields = ("name",)  # replaced by the folded search below
    search_help_text = _("Search by name, with or without accents, or by code.")
    ordering = ("code",)
    list_per_page = 50
    inlines = (UnitSuccessionInline,)
    fields = ("code", "name", "kind", "parent", "valid_from", "valid_to")

    def get_readonly_fields(self, request: HttpRequest, obj: AdminUnit | None = None) -> tuple[str, ...]:
        # Read-mostly: code, kind, parent and start date are history; only the name and end date change.
        return ("code", "kind", "parent", "valid_from") if obj is not None else ()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        return _folded_search(queryset, search_term, "code"), False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: AdminUnit, form: Any, change: bool) -> None:
        if change:
            services.admin_unit_update(
                unit=obj,
                actor=request.user,
                name=obj.name,
                valid_to=obj.valid_to,
                clear_valid_to=obj.valid_to is None,
            )
            return
        created = services.admin_unit_create(
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            valid_from=obj.valid_from,
            parent=obj.parent,
            valid_to=obj.valid_to,
            actor=request.user,
        )
        obj.pk, obj.search_text = created.pk, created.search_text
        obj._state.adding = False

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        formset.save(commit=False)
        links = list(formset.new_objects) + [link for link, _changed in formset.changed_objects]
        for link in links:
            services.admin_unit_succession_add(
                predecessor=form.instance,
                successor=link.successor,
                relation=link.relation,
                effective_on=link.effective_on,
                actor=request.user,
            )


# Agencies -----------------------------------------------------------------------------------------


class AgencyAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Agency
        fields = ("name", "short_name", "kind", "agency_code", "unit", "parent", "valid_from", "valid_to")

    def clean_agency_code(self) -> str:
        code = (self.cleaned_data.get("agency_code") or "").strip()
        clash = Agency.objects.filter(agency_code=code).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate())
        )
        if self.instance.pk is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if code and clash.exists():
            raise forms.ValidationError(CODE_TAKEN_MESSAGE, code="agency_code_taken")
        return code


class DepartmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Department
    extra = 0
    can_delete = False
    fields = ("code", "name")


class AgencyCodeHistoryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AgencyCodeHistory
    extra = 0
    can_delete = False
    fields = ("old_code", "new_code", "changed_on", "reason")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ScopedMixin:
    """Non-superusers see only agencies within their agency_admin / system_admin positions."""

    scope_agency_field = "agency"

    def scoped(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if request.user.is_superuser:
            return queryset
        return scope_queryset(
            queryset, user=request.user, agency_field=self.scope_agency_field, roles=ADMIN_ROLES
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            if db_field.related_model is Agency:
                kwargs["queryset"] = agencies_visible_to(user=request.user, roles=ADMIN_ROLES)
            elif db_field.related_model is Department:
                kwargs["queryset"] = scope_queryset(
                    Department.objects.all(), user=request.user, roles=ADMIN_ROLES
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Agency)
class AgencyAdmin(_ScopedMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    form = AgencyAdminForm
    scope_agency_field = "pk"
    list_display = ("agency_code", "name", "kind", "unit", "parent", "valid_from", "valid_to")
    list_filter = ("kind", ValidityFilter)
    list_select_related = ("unit", "parent")
    search_fields = ("name",)  # replaced by the folded search below
    search_help_text = _("Search by name, short name or agency code, with or without accents.")
    autocomplete_fields = ("unit", "parent")
    inlines = (DepartmentInline, AgencyCodeHistoryInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scoped(request, super().get_queryset(request))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        return _folded_search(queryset, search_term, "agency_code"), False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = services.agency_create(
                name=data["name"],
                short_name=data.get("short_name") or "",
                kind=data["kind"],
                agency_code=data["agency_code"],
                unit=data["unit"],
                parent=data.get("parent"),
                valid_from=data["valid_from"],
                valid_to=data.get("valid_to"),
                actor=request.user,
            )
            obj.pk, obj.search_text = created.pk, created.search_text
            obj._state.adding = False
            return
        current = Agency.objects.get(pk=obj.pk)
        if data["agency_code"] != current.agency_code:
            services.agency_code_change(
                agency=current,
                new_code=data["agency_code"],
                changed_on=timezone.localdate(),
                reason=str(_("Changed in the administration")),
                actor=request.user,
            )
        services.agency_update(
            agency=current,
            actor=request.user,
            name=data["name"],
            short_name=data.get("short_name") or "",
            kind=data["kind"],
            parent=data.get("parent"),
            clear_parent=data.get("parent") is None,
            valid_to=data.get("valid_to"),
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        formset.save(commit=False)  # sets new_objects / changed_objects, read by the change message
        if formset.model is not Department:
            return
        for department in formset.new_objects:
            services.department_create(
                agency=form.instance, name=department.name, code=department.code, actor=request.user
            )
        for department, _changed in formset.changed_objects:
            services.department_update(
                department=department, name=department.name, code=department.code, actor=request.user
            )


@admin.register(Department)
class DepartmentAdmin(_ScopedMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "agency")
    list_select_related = ("agency",)
    search_fields = ("name", "code", "agency__name")
    autocomplete_fields = ("agency",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scoped(request, super().get_queryset(request))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Department, form: Any, change: bool) -> None:
        if change:
            services.department_update(department=obj, name=obj.name, code=obj.code, actor=request.user)
            return
        created = services.department_create(
            agency=obj.agency, name=obj.name, code=obj.code, actor=request.user
        )
        obj.pk = created.pk
        obj._state.adding = False


# Staff assignments --------------------------------------------------------------------------------


class StaffAssignmentAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = StaffAssignment
        fields = ("user", "agency", "department", "role", "title", "valid_from", "valid_to")

    def clean_user(self) -> Any:
        user = self.cleaned_data.get("user")
        if user is not None and getattr(user, "kind", "") != "staff" and not user.is_superuser:
            raise forms.ValidationError(_("Only staff accounts can hold a position in an agency."))
        return user


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(_ScopedMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    form = StaffAssignmentAdminForm
    list_display = ("user", "role", "title", "agency", "department", "valid_from", "valid_to")
    list_filter = ("role", ("agency", admin.RelatedOnlyFieldListFilter), ValidityFilter)
    list_select_related = ("user", "agency", "department")
    search_fields = ("user__username", "user__full_name", "title", "agency__name")
    autocomplete_fields = ("user", "agency", "department")
    date_hierarchy = "valid_from"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scoped(request, super().get_queryset(request))

    def get_readonly_fields(
        self, request: HttpRequest, obj: StaffAssignment | None = None
    ) -> tuple[str, ...]:
        # A position is history: to move someone, end it and create a new one.
        if obj is not None:
            return ("user", "agency", "department", "role", "title", "valid_from")
        return ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: StaffAssignment, form: Any, change: bool) -> None:
        if change:
            if obj.valid_to is not None:
                services.staff_assignment_end(assignment=obj, valid_to=obj.valid_to, actor=request.user)
            return
        created = services.staff_assignment_create(
            user=obj.user,
            agency=obj.agency,
            department=obj.department,
            role=obj.role,
            title=obj.title,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            actor=request.user,
        )
        obj.pk = created.pk
        obj._state.adding = False
