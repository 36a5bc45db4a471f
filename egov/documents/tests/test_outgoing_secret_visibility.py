"""A secret outgoing document is seen by its drafter, the clerks and leaders of the issuing agency,
the head of the drafting unit and its reviewers; not by other specialists, nor by another agency."""

# ruff: noqa: F811
from __future__ import annotations

from egov.documents.models import Secrecy
from egov.documents.selectors import outgoing_visible_to
from egov.documents.tests.test_outgoing_fixtures import World, draft, out_ca, out_pdf, world  # noqa: F401


def test_secret_outgoing_visibility(world: World) -> None:
    doc = draft(world, external=False, secrecy=Secrecy.SECRET)

    def sees(user: object) -> bool:
        return outgoing_visible_to(user=user).filter(pk=doc.pk).exists()

    assert sees(world.specialist)  # the drafter
    assert sees(world.clerk) and sees(world.leader) and sees(world.head)
    assert not sees(world.kt_specialist) and not sees(world.kt_head) and not sees(world.colleague)
    assert not sees(world.other_clerk) and not sees(world.other_leader)
