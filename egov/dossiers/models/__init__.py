from egov.dossiers.models.dossier import Dossier, DossierCodeSequence, DossierComponent
from egov.dossiers.models.processing import Handover, SupplementationRequest, Task
from egov.dossiers.models.rating import RATING_CRITERIA, Rating

__all__ = [
    "RATING_CRITERIA",
    "Dossier",
    "DossierCodeSequence",
    "DossierComponent",
    "Handover",
    "Rating",
    "SupplementationRequest",
    "Task",
]
