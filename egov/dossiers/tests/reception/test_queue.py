"""The reception queue of online dossiers: contents, order, scope, countdown in working time,
overdue display, counts and a fixed query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.dossiers.models import Dossier
from egov.dossiers.reception_selectors import (
    acceptance_cutoff,
    acceptance_due,
    reception_queue,
    reception_row,
    reception_summary,
    waiting_online,
)
from egov.dossiers.tests.reception.conftest import World, online, submit, vn
from egov.dossiers.tests.services.factories import make_staff
from egov.dossiers.views.reception import countdown
from egov.org.models import Role

pytestmark = pytest.mark.django_db

URL = "/staff/dossiers/tiep-nhan-truc-tuyen/"
VI = {"Accept-Language": "vi"}


def test_url_names() -> None:
    assert reverse("dossiers:reception") == URL
    assert reverse("dossiers:reception-dossier", args=["000.00.31.H59-260302-0001"]) == (
        f"{URL}000.00.31.H59-260302-0001/"
    )


def test_queue_lists_waiting_online_dossiers_earliest_limit_first(client: Client, world: World) -> None:
    late = submit(world, now=vn(2026, 3, 2, 8, 0), name="Trần Thị Bích")
    early = submit(world, now=vn(2026, 3, 2, 7, 45), name="Lê Văn Cường")
    portal = online(world, at=vn(2026, 3, 2, 9, 0), channel=Dossier.Channel.NATIONAL_PORTAL)
    world.receive(now=vn(2026, 3, 2, 7, 0))  # counter dossier: accepted at once, not in the queue
    online(world, at=vn(2026, 3, 2, 7, 0), status=Dossier.Status.PROCESSING)  # already accepted
    online(world, at=vn(2026, 3, 2, 7, 0), agency=world.other)  # another agency's queue
    client.force_login(world.officer)
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        response = client.get(URL, headers=VI)
    assert response.status_code == 200
    rows = response.context["page"].rows
    assert [r.dossier.pk for r in rows] == [early.pk, late.pk, portal.pk]
    body = response.content.decode()
    assert early.code in body and "Lê Văn Cường" in body
    assert world.version.name in body
    assert "02/03/2026 07:45" in body  # submitted, dd/mm/yyyy HH:MM
    for name in ("reception-accept", "reception-dossier"):
        assert reverse(f"dossiers:{name}", args=[early.code]) in body
    assert "Chưa" in body  # no officer alerted yet (no on_commit in this test)


def test_officer_of_another_agency_does_not_see_the_queue(client: Client, world: World) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    other_officer = make_staff(agency=world.other, role=Role.RECEPTION_OFFICER)
    client.force_login(other_officer)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["page"].total == 0
    assert d.code not in response.content.decode()
    assert client.get(reverse("dossiers:reception-dossier", args=[d.code])).status_code == 404
    assert client.post(reverse("dossiers:reception-accept", args=[d.code])).status_code == 404


@pytest.mark.parametrize("who", ["specialist", "leader"])
def test_staff_without_a_reception_role_get_403(client: Client, world: World, who: str) -> None:
    d = submit(world, now=vn(2026, 3, 2, 8, 0))
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("dossiers:reception-dossier", args=[d.code])).status_code == 403
    assert client.post(reverse("dossiers:reception-accept", args=[d.code])).status_code == 403


def test_clerk_has_a_reception_role(client: Client, world: World) -> None:
    submit(world, now=vn(2026, 3, 2, 8, 0))
    client.force_login(make_staff(agency=world.agency, role=Role.CLERK))
    assert client.get(URL).context["page"].total == 1


def test_citizens_and_anonymous_users_are_refused(client: Client, world: World) -> None:
    from egov.accounts.tests.factories import UserFactory

    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(UserFactory.create())
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    ("now", "text", "late"),
    [
        # Fri 06/03 14:00 → limit Mon 09/03 14:30 (3 h on Friday, 4 h Monday morning, 1 h after 13:30)
        (vn(2026, 3, 6, 15, 40), "còn 6 giờ 20 phút làm việc", False),
        (vn(2026, 3, 7, 10, 0), "còn 5 giờ làm việc", False),  # Saturday: the clock does not run
        (vn(2026, 3, 9, 12, 0), "còn 1 giờ làm việc", False),  # lunch break: it does not run either
        (vn(2026, 3, 9, 15, 40), "quá hạn 1 giờ 10 phút", True),
        (vn(2026, 3, 9, 17, 30), "quá hạn 2 giờ 30 phút", True),  # after office hours: frozen
    ],
)
def test_countdown_in_working_time_across_a_weekend(
    world: World, now: object, text: str, late: bool, settings: object
) -> None:
    from django.utils import translation

    d = submit(world, now=vn(2026, 3, 6, 14, 0))
    row = reception_row(waiting_online().get(pk=d.pk), now=now)  # type: ignore[arg-type]
    assert row.due_at == vn(2026, 3, 9, 14, 30)
    assert row.late is late
    with translation.override("vi"):
        assert countdown(row) == text


def test_countdown_across_tet(world: World) -> None:
    from django.utils import translation

    d = submit(world, now=vn(2026, 2, 13, 16, 0))  # Friday before Tết (16–20/02 off)
    row = reception_row(d, now=vn(2026, 2, 17, 9, 0))
    assert row.due_at == vn(2026, 2, 23, 16, 30)  # 1 h on Friday, then 7 h from Mon 23/02 07:30
    with translation.override("vi"):
        assert countdown(row) == "còn 7 giờ làm việc"


def test_just_late_after_office_hours_says_since_when(world: World) -> None:
    from django.utils import translation

    d = submit(world, now=vn(2026, 3, 5, 9, 0))  # Thu 09:00 → limit Fri 06/03 09:30
    row = reception_row(d, now=vn(2026, 3, 6, 9, 30, 1))
    assert row.late
    with translation.override("vi"):
        assert countdown(row) == "quá hạn từ 09:30 06/03/2026"


def test_overdue_row_shows_text_badge_and_counts(client: Client, world: World) -> None:
    late = submit(world, now=vn(2026, 3, 2, 7, 30))  # limit Tue 03/03 08:00 (7.5 h a day)
    soon = submit(world, now=vn(2026, 3, 2, 13, 30))  # limit Tue 03/03 14:00: 45 min left at 11:15
    fresh = submit(world, now=vn(2026, 3, 3, 11, 0))
    client.force_login(world.officer)
    with time_machine.travel(vn(2026, 3, 3, 11, 15), tick=False):
        response = client.get(URL, headers=VI)
    page = response.context["page"]
    assert (page.total, page.late_total) == (3, 1)
    rows = {r.dossier.pk: r for r in page.rows}
    assert rows[late.pk].late and not rows[soon.pk].late and not rows[fresh.pk].late
    assert rows[soon.pk].due_soon and not rows[fresh.pk].due_soon
    body = response.content.decode()
    assert "text-bg-danger" in body and "Quá hạn" in body  # colour and text
    assert "Sắp đến hạn" in body and "Còn hạn" in body
    assert "quá hạn 3 giờ 15 phút" in body
    assert "còn 45 phút làm việc" in body
    assert "1 hồ sơ quá 8 giờ làm việc" in body


def test_cutoff_agrees_with_the_limit_of_each_row(world: World) -> None:
    now = vn(2026, 3, 9, 10, 0)
    cutoff = acceptance_cutoff(now)
    assert acceptance_due(cutoff) < now <= acceptance_due(cutoff + timedelta(microseconds=1))
    # 8 working hours before Mon 09/03 10:00 is Fri 06/03 09:30 (2.5 h Monday, 5.5 h Friday)
    times = [vn(2026, 3, 5, 16, 0), vn(2026, 3, 6, 9, 29), vn(2026, 3, 6, 9, 30), vn(2026, 3, 6, 9, 31)]
    times += [vn(2026, 3, 7, 9, 0), vn(2026, 3, 9, 8, 0)]
    for at in times:
        online(world, at=at)
    rows = [reception_row(d, now=now) for d in waiting_online()]
    summary = reception_summary(user=world.officer, now=now)
    assert summary is not None
    assert summary.waiting == 6
    assert summary.late == sum(r.late for r in rows) == 2  # 05/03 16:00 and 06/03 09:29


def test_summary_is_none_for_non_receivers(world: World) -> None:
    assert reception_summary(user=world.specialist) is None
    assert reception_queue(user=world.specialist) is None


def test_superuser_sees_every_agency_with_its_name(client: Client, world: World) -> None:
    from egov.accounts.tests.factories import UserFactory

    online(world, at=vn(2026, 3, 2, 8, 0))
    online(world, at=vn(2026, 3, 2, 8, 0), agency=world.other)
    admin = UserFactory.create(is_superuser=True, kind="staff")
    client.force_login(admin)
    response = client.get(URL)
    assert response.context["page"].total == 2
    assert response.context["page"].many_agencies
    assert world.other.name in response.content.decode()


def test_pagination_and_fixed_query_count(client: Client, world: World, steady_calendar: None) -> None:
    for i in range(3):
        online(world, at=vn(2026, 3, 2, 8, i))
    client.force_login(world.officer)
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        client.get(URL)  # warm up (session, content types, calendar)
        with CaptureQueriesContext(connection) as few:
            assert client.get(URL).status_code == 200
        for i in range(40):
            online(world, at=vn(2026, 3, 2, 9, i))
        with CaptureQueriesContext(connection) as many:
            response = client.get(URL)
        assert len(response.context["rows"]) == 20
        assert response.context["page"].pages == 3
        assert len(many) == len(few)
        assert len(many) <= 8
        last = client.get(URL, {"page": 3})
        assert len(last.context["rows"]) == 3
        assert client.get(URL, {"page": 99}).context["page"].page == 3
        assert client.get(URL, {"page": "x"}).context["page"].page == 1
