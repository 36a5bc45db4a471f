"""Password login: the username (staff and citizens), or for citizens their e-mail address,
mobile number or 12-digit personal ID number.

Use it instead of django.contrib.auth.backends.ModelBackend, after axes' backend (so the
lockout still applies: axes keys its counter on what was typed in the username field).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from egov.accounts import selectors
from egov.accounts.models import User


class CitizenIdentifierBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            user = selectors.citizen_for_login(identifier=username)
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
