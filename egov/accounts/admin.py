"""User administration (Vietnamese through gettext; Django ships Vietnamese for its own strings)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from egov.accounts import selectors, services
from egov.accounts.admin_site import require_second_factor
from egov.accounts.models import CitizenIdentity, User
from egov.core.text import nfc


class TwoFactorFilter(admin.SimpleListFilter):
    title = _("two-step verification")
    parameter_name = "two_factor"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Set up")), ("no", _("Not set up"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any] | None:
        if self.value() in ("yes", "no"):
            return selectors.users_with_totp(queryset, has_device=self.value() == "yes")
        return queryset


class _NfcNameMixin:
    cleaned_data: dict[str, Any]

    def clean_full_name(self) -> str:
        return " ".join(nfc(self.cleaned_data.get("full_name") or "").split())


class AdminUserChangeForm(_NfcNameMixin, UserChangeForm):  # type: ignore[type-arg]
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class AdminUserCreationForm(_NfcNameMixin, UserCreationForm):  # type: ignore[type-arg]
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "kind", "full_name", "email")


class CitizenIdentityInline(admin.TabularInline[CitizenIdentity, User]):
    """External identities (VNeID) linked at OIDC login: shown, never edited by hand."""

    model = CitizenIdentity
    extra = 0
    can_delete = False
    fields = ("issuer", "subject", "last_acr", "last_level", "created_at", "last_login_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    list_display = ("username", "full_name", "kind", "email", "is_active", "is_staff")
    list_filter = ("kind", TwoFactorFilter, "is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("username", "full_name", "email", "phone", "national_id")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal information"), {"fields": ("kind", "full_name", "email", "phone", "national_id")}),
        (
            _("Citizen profile"),
            {
                "classes": ("collapse",),
                "fields": (
                    "email_verified_at",
                    "phone_verified_at",
                    "national_id_verified_at",
                    "date_of_birth",
                    "address_line",
                    "commune",
                    "notify_email",
                    "notify_sms",
                ),
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "kind", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("email_verified_at", "phone_verified_at", "national_id_verified_at")
    raw_id_fields = ("commune",)
    actions = ["reset_lockout", "remove_two_factor"]

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return [CitizenIdentityInline] if obj is not None else []

    @admin.action(description=_("Lift the login lockout of the selected users"), permissions=["change"])
    def reset_lockout(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.user_lockout_reset(actor=request.user, user=user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("Lockout lifted for %(count)d user.", "Lockout lifted for %(count)d users.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Remove the two-step verification devices of the selected users"),
        permissions=["change"],
    )
    def remove_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = sum(
            1
            for user in queryset
            if services.otp_devices_remove(actor=request.user, user=user, reason="admin action")
        )
        self.message_user(
            request,
            ngettext(
                "Two-step verification removed for %(count)d user; they will set it up again at next login.",
                "Two-step verification removed for %(count)d users; they will set it up again at next login.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )


require_second_factor(admin.site)
