"""factory_boy factories for the organisation (rows only; services are tested separately)."""

from __future__ import annotations

from datetime import date

import factory

from egov.core.text import fold
from egov.org.models import AdminUnit, Agency, Department, Role, StaffAssignment

TWO_TIER = date(2025, 7, 1)


class ProvinceFactory(factory.django.DjangoModelFactory[AdminUnit]):
    class Meta:
        model = AdminUnit

    code = factory.Sequence(lambda n: f"9{n:03d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    kind = AdminUnit.Kind.PROVINCE
    valid_from = TWO_TIER
    search_text = factory.LazyAttribute(lambda u: fold(u.name))


class CommuneFactory(ProvinceFactory):
    code = factory.Sequence(lambda n: f"{70000 + n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    kind = AdminUnit.Kind.COMMUNE
    parent = factory.SubFactory(ProvinceFactory)


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Cơ quan thử {n}")
    kind = Agency.Kind.DEPARTMENT
    agency_code = factory.Sequence(lambda n: f"000.{n // 100 % 100:02d}.{n % 100:02d}.H99")
    unit = factory.SubFactory(ProvinceFactory)
    valid_from = TWO_TIER
    search_text = factory.LazyAttribute(lambda a: fold(a.name))


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Phòng thử {n}")
    code = factory.Sequence(lambda n: f"P{n}")


class AssignmentFactory(factory.django.DjangoModelFactory[StaffAssignment]):
    class Meta:
        model = StaffAssignment

    user = factory.SubFactory("egov.accounts.tests.factories.StaffFactory")
    agency = factory.SubFactory(AgencyFactory)
    role = Role.SPECIALIST
    valid_from = date(2025, 7, 1)
