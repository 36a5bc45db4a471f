"""Services of the workflow app (writes). Import from here."""

from egov.workflow.services.checks import CheckResult, Problem, process_check
from egov.workflow.services.editing import (
    process_create_draft,
    step_add,
    step_remove,
    step_update,
    transition_add,
    transition_remove,
    transition_update,
)
from egov.workflow.services.publishing import PublishError, process_new_version, process_publish
from egov.workflow.services.transfer import process_export, process_import

__all__ = [
    "CheckResult",
    "Problem",
    "PublishError",
    "process_check",
    "process_create_draft",
    "process_export",
    "process_import",
    "process_new_version",
    "process_publish",
    "step_add",
    "step_remove",
    "step_update",
    "transition_add",
    "transition_remove",
    "transition_update",
]
