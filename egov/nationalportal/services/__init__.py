"""Writes of the national portal sync. Periodic jobs (register in egov.core.periodic):

- egov.nationalportal.services.national_pull
- egov.nationalportal.services.national_push_pending
"""

from egov.nationalportal.services.pull import national_pull, national_pull_request
from egov.nationalportal.services.push import national_push_confirmed, national_push_pending

__all__ = ["national_pull", "national_pull_request", "national_push_confirmed", "national_push_pending"]
