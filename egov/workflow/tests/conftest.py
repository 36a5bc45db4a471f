from __future__ import annotations

import pytest

from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory
from egov.workflow.models import ProcessDefinition
from egov.workflow.tests.factories import DefinitionFactory, make_procedure, staff_with, valid_process


@pytest.fixture
def agency():
    return AgencyFactory.create()


@pytest.fixture
def admin(agency):
    return staff_with(Role.AGENCY_ADMIN, agency)


@pytest.fixture
def draft(agency) -> ProcessDefinition:
    return DefinitionFactory.create(
        agency=agency, procedure=make_procedure(deadline_hours=40, agencies=[agency])
    )


@pytest.fixture
def valid_draft(draft) -> ProcessDefinition:
    valid_process(draft)
    return draft
