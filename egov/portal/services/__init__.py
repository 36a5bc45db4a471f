"""Portal services (writes): drafts of online submissions and their submission."""

from egov.portal.services.drafts import (
    draft_attach,
    draft_detach,
    draft_discard,
    draft_save,
    draft_start,
)
from egov.portal.services.submit import draft_problems, draft_submit

__all__ = [
    "draft_attach",
    "draft_detach",
    "draft_discard",
    "draft_problems",
    "draft_save",
    "draft_start",
    "draft_submit",
]
