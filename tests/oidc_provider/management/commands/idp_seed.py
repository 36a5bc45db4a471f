"""Migrate-independent seed: the users of users.py and one confidential client.

python -m django idp_seed --client-id egov --client-secret S --redirect-uri http://testserver/accounts/oidc/callback/
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from oauth2_provider.models import get_application_model

from tests.oidc_provider.users import idp_users


class Command(BaseCommand):
    help = "Create the test identity provider's users and the relying party's client."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", action="append", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        for person in idp_users():
            user, _created = user_model.objects.get_or_create(username=person.username)
            user.set_password(person.password)
            user.save()
        application_model = get_application_model()
        application_model.objects.filter(client_id=options["client_id"]).delete()
        application_model.objects.create(
            name="egov (relying party)",
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            client_type=application_model.CLIENT_CONFIDENTIAL,
            authorization_grant_type=application_model.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(options["redirect_uri"]),
            algorithm=application_model.RS256_ALGORITHM,
            skip_authorization=True,
        )
        self.stdout.write("seeded")
