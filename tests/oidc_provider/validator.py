"""Adds `acr` (the user's level of assurance) and `personal_id` (12-digit personal ID number) to
the id_token and userinfo, like the national SSO (VNeID) does."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider.users import idp_user


class VneidValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below goes out with scope "openid"

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        person = idp_user(request.user.username)
        if person is None:
            return {"acr": "LoA1"}
        return {
            "acr": person.acr,
            "personal_id": person.personal_id,
            "name": person.name,
            "preferred_username": person.username,
        }
