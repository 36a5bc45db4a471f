"""Writes for the organisation. Every function takes keyword-only arguments and is audited."""

from egov.org.services.agencies import (
    agency_code_change,
    agency_code_normalise,
    agency_create,
    agency_update,
    department_create,
    department_update,
)
from egov.org.services.importing import UnitImportResult, admin_units_import, commune_code, province_code
from egov.org.services.staff import staff_assignment_create, staff_assignment_end
from egov.org.services.units import admin_unit_create, admin_unit_succession_add, admin_unit_update

__all__ = [
    "UnitImportResult",
    "admin_unit_create",
    "admin_unit_succession_add",
    "admin_unit_update",
    "admin_units_import",
    "agency_code_change",
    "agency_code_normalise",
    "agency_create",
    "agency_update",
    "commune_code",
    "department_create",
    "department_update",
    "province_code",
    "staff_assignment_create",
    "staff_assignment_end",
]
