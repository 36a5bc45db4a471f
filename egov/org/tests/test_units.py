"""Administrative units: rule 12 (no district from 1 July 2025), periods, successor links."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from egov.core.audit.models import AuditEvent
from egov.org import selectors, services
from egov.org.models import AdminUnit, UnitSuccession
from egov.org.tests.factories import CommuneFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

DISTRICT = AdminUnit.Kind.DISTRICT
VI_DISTRICT = "Không thể tạo đơn vị hành chính cấp huyện có hiệu lực từ ngày 01/7/2025"


def _district(valid_from: date) -> AdminUnit:
    return AdminUnit(code="001", name="Huyện Thử", kind=DISTRICT, valid_from=valid_from)


@pytest.mark.parametrize("valid_from", [date(2025, 7, 1), date(2025, 7, 2), date(2030, 1, 1)])
def test_district_from_two_tier_start_is_refused_by_clean(valid_from: date) -> None:
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        _district(valid_from).full_clean()
    assert VI_DISTRICT in " ".join(err.value.message_dict["valid_from"])


def test_district_is_refused_by_the_service_with_a_vietnamese_message() -> None:
    with translation.override("vi"), pytest.raises(ValidationError) as err:
        services.admin_unit_create(code="001", name="Huyện Mới", kind=DISTRICT, valid_from=date(2025, 7, 1))
    assert VI_DISTRICT in str(err.value)
    assert not AdminUnit.objects.exists()


def test_district_is_refused_by_the_database() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AdminUnit.objects.create(code="001", name="Huyện Lách", kind=DISTRICT, valid_from=date(2025, 7, 1))
    # An update that moves a historical district past the cut-off is refused too.
    old = AdminUnit.objects.create(code="002", name="Huyện Cũ", kind=DISTRICT, valid_from=date(2010, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AdminUnit.objects.filter(pk=old.pk).update(valid_from=date(2025, 7, 1))


def test_historical_district_is_fine() -> None:
    unit = services.admin_unit_create(
        code="001",
        name="Huyện Châu Thành",
        kind=DISTRICT,
        valid_from=date(2010, 1, 1),
        valid_to=date(2025, 6, 30),
    )
    assert unit.search_text == "huyen chau thanh"
    _district(date(2025, 6, 30)).full_clean(validate_constraints=False)
    assert AuditEvent.objects.filter(action="org.admin_unit_create", object_id=str(unit.pk)).exists()


def test_period_must_be_ordered() -> None:
    with pytest.raises(ValidationError):
        services.admin_unit_create(
            code="99001", name="Xã Ngược", kind=AdminUnit.Kind.COMMUNE, valid_from=date(2025, 7, 1),
            valid_to=date(2025, 6, 1),
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        AdminUnit.objects.create(
            code="99002",
            name="Xã Ngược",
            kind="commune",
            valid_from=date(2025, 7, 1),
            valid_to=date(2025, 1, 1),
        )


def test_same_code_may_return_with_another_start_date_but_not_twice_on_the_same() -> None:
    services.admin_unit_create(code="25459", name="Phường 1", kind="ward", valid_from=date(2020, 1, 1))
    services.admin_unit_create(code="25459", name="Phường Tân Ninh", kind="ward", valid_from=date(2025, 7, 1))
    with pytest.raises(ValidationError):
        services.admin_unit_create(code="25459", name="Trùng", kind="ward", valid_from=date(2025, 7, 1))


def test_successor_links_merge_and_close_old_units() -> None:
    province = ProvinceFactory.create(code="80", name="Tây Ninh")
    new = CommuneFactory.create(code="25459", name="Phường Tân Ninh", parent=province)
    old_a = services.admin_unit_create(
        code="25456", name="Phường 1", kind="ward", valid_from=date(2000, 1, 1)
    )
    old_b = services.admin_unit_create(
        code="25462", name="Phường 2", kind="ward", valid_from=date(2000, 1, 1)
    )
    district = services.admin_unit_create(
        code="703", name="Thành phố Tây Ninh", kind=DISTRICT, valid_from=date(2000, 1, 1)
    )
    for old in (old_a, old_b):
        services.admin_unit_succession_add(
            predecessor=old,
            successor=new,
            relation="merged_into",
            effective_on=date(2025, 7, 1),
            close_predecessor=True,
        )
    old_a.refresh_from_db()
    assert old_a.valid_to == date(2025, 6, 30)
    assert list(selectors.unit_predecessors(unit=new)) == [old_a, old_b]
    assert list(selectors.unit_successors(unit=old_a)) == [new]
    assert list(new.predecessors.all().order_by("code")) == [old_a, old_b]
    # Current on 30 June 2025, history on 1 July 2025.
    assert old_a in selectors.admin_units_current(on=date(2025, 6, 30))
    assert old_a not in selectors.admin_units_current(on=date(2025, 7, 1))
    # A district split among several communes.
    other = CommuneFactory.create(code="25480", name="Phường Bình Minh", parent=province)
    for successor in (new, other):
        services.admin_unit_succession_add(
            predecessor=district, successor=successor, relation="split_into", effective_on=date(2025, 7, 1)
        )
    links = UnitSuccession.objects.filter(predecessor=district)
    assert {(link.successor_id, link.relation) for link in links} == {
        (new.pk, "split_into"),
        (other.pk, "split_into"),
    }
    # Adding the same link again changes nothing; a unit cannot succeed itself.
    services.admin_unit_succession_add(
        predecessor=district, successor=new, relation="split_into", effective_on=date(2025, 7, 1)
    )
    assert links.count() == 2
    with pytest.raises(ValidationError):
        services.admin_unit_succession_add(
            predecessor=new, successor=new, relation="renamed", effective_on=date(2025, 7, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitSuccession.objects.create(
            predecessor=new, successor=new, relation="renamed", effective_on=date(2025, 7, 1)
        )


def test_rename_keeps_search_text_folded_and_is_audited() -> None:
    unit = CommuneFactory.create(name="Xã Cũ")
    services.admin_unit_update(unit=unit, name="  Xã  Đức   Hòa ")
    unit.refresh_from_db()
    assert (unit.name, unit.search_text) == ("Xã Đức Hòa", "xa duc hoa")
    assert list(selectors.admin_unit_search(query="DUC hoa")) == [unit]
    assert AuditEvent.objects.filter(action="org.admin_unit_update").count() == 1
    services.admin_unit_update(unit=unit, name="Xã Đức Hòa")  # no change: no event
    assert AuditEvent.objects.filter(action="org.admin_unit_update").count() == 1


def test_province_get_accepts_int_or_text() -> None:
    province = ProvinceFactory.create(code="80", name="Tây Ninh")
    assert selectors.province_get(code=80) == province
    assert selectors.province_get(code="80") == province
    assert selectors.province_get(code=72) is None
