"""Portal fixtures: the dossier test world (agency, published procedure offered online, process,
staff) and two citizens, A and B."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from egov.accounts.models import User
from egov.catalog.models import ProcedureVersion
from egov.core.files.tests.samples import pdf_bytes, upload
from egov.dossiers.tests.services.conftest import World, build_world


def make_citizen(username: str, national_id: str, **extra: Any) -> User:
    user = User.objects.create_user(
        username=username,
        password="egov-test-2026",
        kind=User.Kind.CITIZEN,
        full_name=extra.pop("full_name", "Trần Thị Bình"),
        national_id=national_id,
        phone=extra.pop("phone", "09" + national_id[-8:]),
        email=extra.pop("email", f"{username}@example.vn"),
        **extra,
    )
    return user


@dataclass
class Portal:
    world: World
    a: User
    b: User
    client_a: Client
    client_b: Client

    @property
    def version(self) -> ProcedureVersion:
        return self.world.version


def online_world(**overrides: Any) -> World:
    overrides.setdefault("online_level", ProcedureVersion.OnlineLevel.FULL)
    return build_world(**overrides)


@pytest.fixture
def portal(db: None) -> Portal:
    world = online_world()
    a = make_citizen("citizen_a", "001090000001", full_name="Trần Thị Bình", phone="0987654321")
    b = make_citizen("citizen_b", "001090000002", full_name="Lê Văn Cường", phone="0987654322")
    client_a, client_b = Client(), Client()
    client_a.force_login(a)
    client_b.force_login(b)
    return Portal(world=world, a=a, b=b, client_a=client_a, client_b=client_b)


def pdf_upload(name: str = "giay-chung-sinh.pdf", text: str = "egov") -> Any:
    return upload(name, pdf_bytes(text))
