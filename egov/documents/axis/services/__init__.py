"""The two periodic jobs of the link to the document-exchange axis (register both in
egov.core.periodic.PERIODIC_JOBS):

- egov.documents.axis.services.exchange_axis_send_pending
- egov.documents.axis.services.exchange_axis_fetch

and `exchange_axis_retry`, a clerk's "send again" on a row that failed for good.
"""

from egov.documents.axis.services.fetch import exchange_axis_fetch
from egov.documents.axis.services.retry import exchange_axis_retry
from egov.documents.axis.services.send import exchange_axis_send_pending

__all__ = ["exchange_axis_fetch", "exchange_axis_retry", "exchange_axis_send_pending"]
