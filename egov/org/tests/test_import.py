"""Import of the 2025 administrative units: counts, hierarchy, idempotency, speed."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import call_command

from egov.core.audit.models import AuditEvent
from egov.org.models import TWO_TIER_START, AdminUnit
from egov.org.services import admin_units_import

pytestmark = pytest.mark.django_db

K = AdminUnit.Kind


def test_import_counts_hierarchy_and_idempotency() -> None:
    out = StringIO()
    started = time.perf_counter()
    call_command("org_import_units", stdout=out)
    elapsed = time.perf_counter() - started
    assert "34 tỉnh/thành phố, 3321 xã/phường/đặc khu" in out.getvalue()
    assert elapsed < 10, f"import took {elapsed:.1f} s"

    units = AdminUnit.objects.all()
    assert units.filter(kind__in=[K.PROVINCE, K.CITY]).count() == 34
    assert units.filter(kind=K.CITY).count() == 6
    assert units.filter(kind=K.PROVINCE).count() == 28
    assert units.filter(kind=K.COMMUNE).count() == 2621
    assert units.filter(kind=K.WARD).count() == 687
    assert units.filter(kind=K.SPECIAL_ZONE).count() == 13
    assert units.filter(kind=K.DISTRICT).count() == 0
    assert units.count() == 34 + 3321
    assert not units.exclude(valid_from=TWO_TIER_START).exists()
    assert not units.filter(valid_to__isnull=False).exists()
    # Every commune hangs under a province; provinces have no parent.
    assert not units.filter(kind__in=[K.COMMUNE, K.WARD, K.SPECIAL_ZONE], parent__isnull=True).exists()
    assert not units.filter(kind__in=[K.PROVINCE, K.CITY], parent__isnull=False).exists()
    tay_ninh = AdminUnit.objects.get(code="80")
    assert tay_ninh.name == "Tây Ninh" and tay_ninh.kind == K.PROVINCE
    assert tay_ninh.children.count() == 96
    ward = AdminUnit.objects.get(code="25459")
    assert (ward.name, ward.kind, ward.parent_id, ward.search_text) == (
        "Phường Tân Ninh",
        K.WARD,
        tay_ninh.pk,
        "phuong tan ninh",
    )
    assert AdminUnit.objects.get(code="01").kind == K.CITY  # Thành phố Hà Nội
    events = AuditEvent.objects.filter(action="org.admin_units_import").count()
    assert events == 1

    # Twice: nothing changes, nothing is audited.
    second = admin_units_import()
    assert (second.created, second.updated) == (0, 0)
    assert AdminUnit.objects.count() == 3355
    assert AuditEvent.objects.filter(action="org.admin_units_import").count() == events

    # A name or parent that drifted is put back (and only that row is touched).
    AdminUnit.objects.filter(code="25459").update(name="Phường Cũ", search_text="phuong cu", parent=None)
    third = admin_units_import()
    assert (third.created, third.updated) == (0, 1)
    ward.refresh_from_db()
    assert (ward.name, ward.parent_id, ward.search_text) == (
        "Phường Tân Ninh",
        tay_ninh.pk,
        "phuong tan ninh",
    )
    assert third.by_kind == {K.PROVINCE: 28, K.CITY: 6, K.COMMUNE: 2621, K.WARD: 687, K.SPECIAL_ZONE: 13}
