"""Demo data: the administrative units, one province's agencies and one demo user per role.

Only for demo mode (settings.DEMO_MODE). Idempotent: running it again finds what exists and creates
nothing new. The agency codes are illustrative (DDD.CC.BB.AXX); real ones come from the national
catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from egov.accounts.models import User
from egov.accounts.services import user_create_citizen, user_create_staff
from egov.core.audit.services import audit_record
from egov.org import services
from egov.org.models import TWO_TIER_START, AdminUnit, Agency, Department, Role, StaffAssignment
from egov.org.services.importing import province_code as stored_province_code

DEMO_PASSWORD = "egov-demo-2026"  # noqa: S105 - printed on purpose, demo mode only
# Pre-2025 province codes that a configuration may still carry → their 2025 successor.
LEGACY_PROVINCE_CODES = {72: 80}  # Tây Ninh (merged with Long An on 1 July 2025, code 80)
# Level-1 part (AXX) of the provincial agency codes used by the demo; illustrative.
DEMO_LEVEL1_CODES = {80: "H59"}
ASSIGNED_FROM = TWO_TIER_START


class DemoError(Exception):
    """The demo data cannot be loaded (demo mode off, unknown province …)."""


@dataclass(frozen=True)
class AgencySpec:
    key: str
    kind: str
    name: str  # {province} / {commune} are filled in
    short_name: str
    code: str  # {l1} is the level-1 part, e.g. H59
    parent: str | None
    unit: str  # "province", "ward" or "commune"
    departments: tuple[tuple[str, str], ...] = ()


AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        "ubnd_tinh",
        Agency.Kind.PROVINCE_PC,
        "Ủy ban nhân dân {province}",
        "UBND tỉnh",
        "000.00.00.{l1}",
        None,
        "province",
        (("VP", "Văn phòng Ủy ban nhân dân"), ("TCD", "Ban Tiếp công dân")),
    ),
    AgencySpec(
        "so_tu_phap",
        Agency.Kind.DEPARTMENT,
        "Sở Tư pháp",
        "STP",
        "000.00.01.{l1}",
        "ubnd_tinh",
        "province",
        (("HCTP", "Phòng Hành chính tư pháp"), ("VP", "Văn phòng Sở")),
    ),
    AgencySpec(
        "so_xay_dung",
        Agency.Kind.DEPARTMENT,
        "Sở Xây dựng",
        "SXD",
        "000.00.02.{l1}",
        "ubnd_tinh",
        "province",
        (("QLN", "Phòng Quản lý nhà và thị trường bất động sản"), ("VP", "Văn phòng Sở")),
    ),
    AgencySpec(
        "so_nn_mt",
        Agency.Kind.DEPARTMENT,
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        "000.00.03.{l1}",
        "ubnd_tinh",
        "province",
        (("DD", "Phòng Đất đai"),),
    ),
    AgencySpec(
        "tt_pvhcc",
        Agency.Kind.SERVICE_CENTRE,
        "Trung tâm Phục vụ hành chính công {province}",
        "TTPVHCC",
        "000.00.04.{l1}",
        "ubnd_tinh",
        "province",
        (("TNTKQ", "Bộ phận Tiếp nhận và Trả kết quả"),),
    ),
    AgencySpec(
        "ubnd_phuong",
        Agency.Kind.COMMUNE_PC,
        "Ủy ban nhân dân {commune}",
        "UBND phường",
        "000.01.00.{l1}",
        "ubnd_tinh",
        "ward",
        (("VP", "Văn phòng HĐND và UBND"),),
    ),
    AgencySpec(
        "ubnd_xa",
        Agency.Kind.COMMUNE_PC,
        "Ủy ban nhân dân {commune}",
        "UBND xã",
        "000.02.00.{l1}",
        "ubnd_tinh",
        "commune",
        (("VP", "Văn phòng HĐND và UBND"),),
    ),
)


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    role: str | None  # None: citizen
    agency: str = ""
    department: str = ""
    title: str = ""
    where: Any = ""  # for the printed list of logins


USERS: tuple[UserSpec, ...] = (
    UserSpec(
        "motcua",
        "Nguyễn Thị Mai",
        Role.RECEPTION_OFFICER,
        "tt_pvhcc",
        "TNTKQ",
        "Công chức tiếp nhận",
        _("Public Administration Service Centre"),
    ),
    UserSpec(
        "motcuaxa",
        "Lê Thị Thu",
        Role.RECEPTION_OFFICER,
        "ubnd_xa",
        "VP",
        "Công chức một cửa",
        _("Commune People's Committee (online reception)"),
    ),
    UserSpec(
        "chuyenvien",
        "Trần Văn Minh",
        Role.SPECIALIST,
        "so_tu_phap",
        "HCTP",
        "Chuyên viên",
        _("Department of Justice"),
    ),
    UserSpec(
        "truongphong",
        "Lê Thị Hồng",
        Role.DEPARTMENT_HEAD,
        "so_tu_phap",
        "HCTP",
        "Trưởng phòng",
        _("Department of Justice"),
    ),
    UserSpec(
        "lanhdao",
        "Phạm Văn Hùng",
        Role.AGENCY_LEADER,
        "ubnd_tinh",
        "",
        "Phó Chủ tịch",
        _("Provincial People's Committee"),
    ),
    UserSpec(
        "vanthu",
        "Hoàng Thị Lan",
        Role.CLERK,
        "ubnd_tinh",
        "VP",
        "Văn thư",
        _("Provincial People's Committee"),
    ),
    UserSpec(
        "quantri",
        "Võ Minh Tuấn",
        Role.AGENCY_ADMIN,
        "ubnd_tinh",
        "VP",
        "Chuyên viên công nghệ thông tin",
        _("Provincial People's Committee"),
    ),
    UserSpec(
        "admin", "Đặng Quốc Bảo", Role.SYSTEM_ADMIN, "ubnd_tinh", "", "Quản trị hệ thống", _("whole system")
    ),
    UserSpec("congdan", "Nguyễn Văn An", None),
)
CITIZEN_NATIONAL_ID = "072090001234"
# What the agency administrator may do in the admin site (scoped to their agencies).
AGENCY_ADMIN_PERMISSIONS = (
    "view_adminunit", "view_agency", "change_agency", "view_department", "add_department",
    "change_department", "view_staffassignment", "add_staffassignment", "change_staffassignment",
)  # fmt: skip


@dataclass
class DemoSeedResult:
    province: AdminUnit
    units_created: int = 0
    created: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.units_created or self.created)


def demo_province_code(code: int | None = None) -> int:
    """The 2025 province code for the demo: the given one, else settings.EGOV_DEFAULT_PROVINCE_CODE;
    a pre-2025 code that merged (72, Tây Ninh) is mapped to its successor (80)."""
    value = int(code if code is not None else settings.EGOV_DEFAULT_PROVINCE_CODE)
    return LEGACY_PROVINCE_CODES.get(value, value)


def _province_label(province: AdminUnit) -> str:
    if province.kind == AdminUnit.Kind.CITY:
        return province.name.replace("Thành phố", "thành phố", 1)
    return f"tỉnh {province.name}"


def _first_commune(province: AdminUnit, kind: str) -> AdminUnit:
    unit = province.children.filter(kind=kind, valid_to__isnull=True).order_by("code").first()
    if unit is None:
        raise DemoError(_("The province has no commune-level unit of kind %(kind)s.") % {"kind": kind})
    return unit


def _agencies(province: AdminUnit, result: DemoSeedResult) -> dict[str, Agency]:
    l1 = DEMO_LEVEL1_CODES.get(int(province.code), f"H{int(province.code):02d}")
    units = {
        "province": province,
        "ward": _first_commune(province, AdminUnit.Kind.WARD),
        "commune": _first_commune(province, AdminUnit.Kind.COMMUNE),
    }
    made: dict[str, Agency] = {}
    for spec in AGENCIES:
        unit = units[spec.unit]
        code = spec.code.format(l1=l1)
        agency = Agency.objects.filter(agency_code=code, valid_to__isnull=True).first()
        if agency is None:
            agency = services.agency_create(
                name=spec.name.format(province=_province_label(province), commune=unit.name),
                short_name=spec.short_name,
                kind=spec.kind,
                agency_code=code,
                unit=unit,
                parent=made[spec.parent] if spec.parent else None,
                valid_from=ASSIGNED_FROM,
            )
            result.created.append(f"agency {code}")
        for dep_code, dep_name in spec.departments:
            if not Department.objects.filter(agency=agency, code=dep_code).exists():
                services.department_create(agency=agency, name=dep_name, code=dep_code)
                result.created.append(f"department {code}/{dep_code}")
        made[spec.key] = agency
    return made


def _user(spec: UserSpec, result: DemoSeedResult) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is not None:
        return user
    result.created.append(f"user {spec.username}")
    if spec.role is None:
        return user_create_citizen(
            username=spec.username,
            full_name=spec.full_name,
            password=DEMO_PASSWORD,
            national_id=CITIZEN_NATIONAL_ID,
            email=f"{spec.username}@example.vn",
            check_password=False,
        )
    user = user_create_staff(
        username=spec.username,
        full_name=spec.full_name,
        password=DEMO_PASSWORD,
        email=f"{spec.username}@example.vn",
        check_password=False,
    )
    if spec.role in (Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN):
        user.is_staff = True  # may open the admin site
        user.is_superuser = spec.role == Role.SYSTEM_ADMIN
        user.save(update_fields=["is_staff", "is_superuser"])
        if spec.role == Role.AGENCY_ADMIN:
            user.user_permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="org", codename__in=AGENCY_ADMIN_PERMISSIONS
                )
            )
        audit_record(action="org.demo_admin_rights", target=user, to_state=str(spec.role))
    return user


def _assignment(spec: UserSpec, user: User, agencies: dict[str, Agency], result: DemoSeedResult) -> None:
    if spec.role is None:
        return
    agency = agencies[spec.agency]
    department = Department.objects.get(agency=agency, code=spec.department) if spec.department else None
    exists = StaffAssignment.objects.filter(
        user=user, agency=agency, department=department, role=spec.role, valid_to__isnull=True
    ).exists()
    if not exists:
        services.staff_assignment_create(
            user=user,
            agency=agency,
            department=department,
            role=spec.role,
            title=spec.title,
            valid_from=ASSIGNED_FROM,
        )
        result.created.append(f"assignment {spec.username}")


def demo_seed(*, province_code: int | None = None) -> DemoSeedResult:
    """Load the demo data (units, agencies, users, positions). Refused unless settings.DEMO_MODE."""
    if not settings.DEMO_MODE:
        raise DemoError(
            _("Demo data can only be loaded in demo mode: set EGOV_DEMO_MODE=true (settings.DEMO_MODE).")
        )
    code = demo_province_code(province_code)
    with transaction.atomic():
        imported = services.admin_units_import()
        province = AdminUnit.objects.filter(
            code=stored_province_code(code),
            valid_from=TWO_TIER_START,
            kind__in=[AdminUnit.Kind.PROVINCE, AdminUnit.Kind.CITY],
        ).first()
        if province is None:
            raise DemoError(_("There is no province with the 2025 code %(code)s.") % {"code": code})
        result = DemoSeedResult(province=province, units_created=imported.created)
        agencies = _agencies(province, result)
        for spec in USERS:
            _assignment(spec, _user(spec, result), agencies, result)
    return result


def demo_logins_text() -> str:
    """The demo logins to print (username, role in Vietnamese, password); '' outside demo mode."""
    if not settings.DEMO_MODE:
        return ""
    with translation.override("vi"):
        lines = [str(_("Demo accounts (common password: %(password)s):") % {"password": DEMO_PASSWORD})]
        for spec in USERS:
            role = Role(spec.role).label if spec.role else _("Resident")
            where = f" – {spec.where}" if spec.where else ""
            lines.append(f"  {spec.username:<12} {role}{where}")
    return "\n".join(lines) + "\n"
