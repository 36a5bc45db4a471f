"""OIDC login views: start (with acr_values for a level) and callback (state, nonce, PKCE checked
by mozilla-django-oidc). Refusals go back to the login page with a plain message."""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from egov.accounts import conf, selectors
from egov.accounts.assurance import METHOD_OIDC, acr_values_for_level, assurance_login
from egov.accounts.models import User
from egov.accounts.oidc import REFUSED_INACTIVE, REFUSED_STAFF, oidc_get_setting

log = logging.getLogger(__name__)

SESSION_REQUESTED_LEVEL = "egov_oidc_requested_level"
MAX_LEVEL = 4


def requested_level(request: HttpRequest) -> int:
    raw = request.GET.get("level") or "1"
    return min(max(int(raw), 1), MAX_LEVEL) if raw.isdigit() else 1


class OidcStartView(OIDCAuthenticationRequestView):
    """Redirect to the provider, asking (acr_values) for the level in `?level=` (default 1)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # no ImproperlyConfigured while disabled
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return oidc_get_setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not conf.oidc_enabled() or not self.OIDC_OP_AUTH_ENDPOINT:
            raise Http404
        request.session[SESSION_REQUESTED_LEVEL] = requested_level(request)
        return super().get(request)  # type: ignore[no-any-return]

    def get_extra_params(self, request: HttpRequest) -> dict[str, Any]:
        params = dict(super().get_extra_params(request))
        acr_values = acr_values_for_level(requested_level(request))
        if acr_values:
            params["acr_values"] = " ".join(acr_values)
        return params


class OidcCallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back. A staff account never logs in here."""

    user: Any

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return oidc_get_setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not conf.oidc_enabled():
            raise Http404
        try:
            return super().get(request)  # type: ignore[no-any-return]
        except SuspiciousOperation as exc:
            log.warning("OIDC callback refused: %s", exc)
            return self._refused(
                _(
                    "The login with VNeID could not be checked (it may have expired or been "
                    "opened in another window). Please try again."
                )
            )
        except requests.RequestException as exc:
            log.warning("OIDC provider error: %s", exc)
            return self._refused(_("The identity provider did not answer correctly. Please try again later."))

    @property
    def success_url(self) -> str:
        next_url = self.request.session.get("oidc_login_next") or ""
        return selectors.url_with_next("accounts:after-login", next_url)

    def login_success(self) -> HttpResponse:
        if (
            getattr(self.user, "kind", "") != User.Kind.CITIZEN
            or self.user.is_staff
            or self.user.is_superuser
        ):
            return self._refused(_staff_message())
        response: HttpResponse = super().login_success()
        assurance_login(self.request, method=METHOD_OIDC, acr=getattr(self.user, "egov_oidc_acr", ""))
        return response

    def login_failure(self) -> HttpResponse:
        refusal = getattr(self.request, "egov_oidc_refusal", "")
        if refusal == REFUSED_STAFF:
            return self._refused(_staff_message())
        if refusal == REFUSED_INACTIVE:
            return self._refused(
                _("This account is locked. Contact the one-stop desk of your People's Committee.")
            )
        if self.request.GET.get("error"):
            return self._refused(_("The login with VNeID was cancelled or refused."))
        return self._refused(_("The login with VNeID did not succeed. Please try again."))

    def _refused(self, message: str) -> HttpResponse:
        messages.error(self.request, message)
        return HttpResponseRedirect(reverse("accounts:login"))


def _staff_message() -> str:
    return _("Staff accounts cannot log in with VNeID. Log in with your username, password and code.")
