"""config.urls plus the benchmark's trivial view (bench.settings only).

The public status API's throttle rate is a class attribute (egov.api.auth.PublicRateThrottle,
60/min per IP) that no setting reaches; the load comes from one IP, so it is raised here, as
bench.settings raises EGOV_RATELIMIT_TRACKING for the HTML page.
"""

from django.urls import path

from bench.trivial import trivial
from config.urls import *  # noqa: F403
from config.urls import urlpatterns as config_urlpatterns

try:
    from egov.api.auth import PublicRateThrottle
except ImportError:  # pragma: no cover - the API app may not have it yet
    pass
else:
    PublicRateThrottle.rate = "100000000/min"

urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *config_urlpatterns]
