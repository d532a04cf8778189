"""The claims the test provider makes about a user: from the PROVIDER_USERS the test gave it."""

from __future__ import annotations

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    def get_additional_claims(self, request):
        user = settings.PROVIDER_USERS[request.user.username]
        claims = {
            "preferred_username": user["username"],
            "name": user.get("name", ""),
            "email": user.get("email", ""),
            "email_verified": user.get("email_verified", False),
        }
        claims.update(user.get("extra_claims", {}))
        return claims
