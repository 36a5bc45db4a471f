"""Dossier services (writes). Import from here: `from egov.dossiers.services import dossier_receive`."""

from egov.dossiers.services._common import DossierConflict
from egov.dossiers.services.counter import (
    dossier_refuse_at_counter,
    dossier_request_supplement_at_counter,
)
from egov.dossiers.services.engine import task_claim, task_delegate, task_reassign, task_transition
from egov.dossiers.services.intake import (
    dossier_accept_online,
    dossier_receive,
    dossier_refuse_at_intake,
    dossier_request_supplement_at_intake,
)
from egov.dossiers.services.lifecycle import (
    dossier_apologise,
    dossier_mark_paid,
    dossier_result_attach,
    dossier_return,
    dossier_stop,
    dossier_withdraw,
)
from egov.dossiers.services.rating import dossier_rate, rating_scale
from egov.dossiers.services.supplementation import dossier_supplement_complete, supplement_close_expired

__all__ = [
    "DossierConflict",
    "dossier_accept_online",
    "dossier_apologise",
    "dossier_mark_paid",
    "dossier_rate",
    "dossier_receive",
    "dossier_refuse_at_counter",
    "dossier_refuse_at_intake",
    "dossier_request_supplement_at_counter",
    "dossier_request_supplement_at_intake",
    "dossier_result_attach",
    "dossier_return",
    "dossier_stop",
    "dossier_supplement_complete",
    "dossier_withdraw",
    "rating_scale",
    "supplement_close_expired",
    "task_claim",
    "task_delegate",
    "task_reassign",
    "task_transition",
]
