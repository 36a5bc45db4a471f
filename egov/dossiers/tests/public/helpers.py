"""A dossier with components and hand-overs by named staff (tracking page and printed forms)."""

from __future__ import annotations

from datetime import UTC, datetime

from egov.accounts.tests.factories import StaffFactory
from egov.dossiers.models import Dossier, DossierComponent, Handover
from egov.dossiers.tests.services.factories import make_dossier
from egov.org.tests.factories import AgencyFactory

RECEIVED = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)  # 08:30 in Hà Nội time
DUE = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 16:00, 27/11/2026

STAFF_NAMES = ("Trần Thị Cán Bộ", "Lê Văn Lãnh Đạo", "Phạm Thị Tiếp Nhận")


def make_tracked_dossier() -> Dossier:
    parent = AgencyFactory.create(name="Ủy ban nhân dân tỉnh Tây Ninh")
    agency = AgencyFactory.create(name="Trung tâm Phục vụ hành chính công", parent=parent)
    dossier = make_dossier(
        competent_agency=agency,
        applicant_name="Nguyễn Văn Bình An",
        applicant_address="Số 1 đường Cách Mạng Tháng Tám, phường Tân Ninh",
        applicant_phone="0909123456",
        received_at=RECEIVED,
        accepted_at=RECEIVED,
        due_at=DUE,
        received_by=StaffFactory.create(full_name=STAFF_NAMES[2]),
        fees_due=50000,
    )
    DossierComponent.objects.create(dossier=dossier, name="Tờ khai đăng ký", form="original", copies=1)
    DossierComponent.objects.create(dossier=dossier, name="Bản sao Căn cước", form="copy", copies=2)
    officer = StaffFactory.create(full_name=STAFF_NAMES[0])
    chief = StaffFactory.create(full_name=STAFF_NAMES[1])
    Handover.objects.create(
        dossier=dossier,
        at=datetime(2026, 11, 23, 2, 0, tzinfo=UTC),
        from_agency=agency,
        from_user=officer,
        to_agency=agency,
        to_user=chief,
        step_name="Tiếp nhận hồ sơ",
        timeliness="on_time",
        note="Ghi chú nội bộ bí mật",
    )
    Handover.objects.create(
        dossier=dossier,
        at=datetime(2026, 11, 24, 3, 0, tzinfo=UTC),
        from_agency=agency,
        from_user=chief,
        to_agency=agency,
        step_name="Thẩm định hồ sơ",
        timeliness="early",
    )
    return dossier
