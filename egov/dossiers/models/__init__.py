from egov.dossiers.models.dossier import Dossier, DossierCodeSequence, DossierComponent
from egov.dossiers.models.processing import Handover, SupplementationRequest, Task

__all__ = [
    "Dossier",
    "DossierCodeSequence",
    "DossierComponent",
    "Handover",
    "SupplementationRequest",
    "Task",
]
