"""Organisation: administrative units, agencies, departments, roles and staff assignments."""

from egov.org.models.agencies import (
    AGENCY_CODE_MESSAGE,
    AGENCY_CODE_PATTERN,
    Agency,
    AgencyCodeHistory,
    Department,
    agency_code_validator,
)
from egov.org.models.staff import Role, StaffAssignment
from egov.org.models.units import TWO_TIER_START, AdminUnit, UnitSuccession

__all__ = [
    "AGENCY_CODE_MESSAGE",
    "AGENCY_CODE_PATTERN",
    "TWO_TIER_START",
    "AdminUnit",
    "Agency",
    "AgencyCodeHistory",
    "Department",
    "Role",
    "StaffAssignment",
    "UnitSuccession",
    "agency_code_validator",
]
