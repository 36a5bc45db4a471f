"""The declarative e-form engine: a JSON schema per procedure version → a Django form, server-side
accessible markup (with eforms.js for live conditions), validation, draft (partial) mode and display.

See README.md in this package for the schema contract.
"""

from egov.portal.eforms.display import DisplayRow, DisplaySection, eform_display
from egov.portal.eforms.examples import eform_example_data
from egov.portal.eforms.forms import EForm, eform_build, raw_to_data
from egov.portal.eforms.problems import schema_problems
from egov.portal.eforms.render import eform_render
from egov.portal.eforms.schema import FIELD_TYPES, PREFIX, SCHEMA_VERSION

__all__ = [
    "FIELD_TYPES",
    "PREFIX",
    "SCHEMA_VERSION",
    "DisplayRow",
    "DisplaySection",
    "EForm",
    "eform_build",
    "eform_display",
    "eform_example_data",
    "eform_render",
    "raw_to_data",
    "schema_problems",
]
