"""The people of the test identity provider: username, password, `acr` and personal ID claim.

Extra users can be given as JSON in EGOV_IDP_EXTRA_USERS (a list of objects with the same keys);
the seed command and the claim validator both read `idp_users()`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class IdpUser:
    username: str
    password: str
    acr: str
    personal_id: str
    name: str


PASSWORD = "vneid-test-Pass-2025"

DEFAULT_USERS = [
    IdpUser("vneid2", PASSWORD, "LoA2", "001099012345", "Nguyễn Thị Hai"),
    IdpUser("vneid1", PASSWORD, "LoA1", "079088001122", "Trần Văn Một"),
]


def idp_users() -> list[IdpUser]:
    extra = json.loads(os.environ.get("EGOV_IDP_EXTRA_USERS") or "[]")
    return DEFAULT_USERS + [IdpUser(**item) for item in extra]


def idp_user(username: str) -> IdpUser | None:
    return next((u for u in idp_users() if u.username == username), None)
