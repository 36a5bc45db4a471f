"""Production settings with bench-safe overrides (served over plain HTTP on 127.0.0.1 by gunicorn).

`DJANGO_SETTINGS_MODULE=bench.settings`: prod as shipped (persistent connections, full middleware)
except: a throwaway SECRET_KEY default, no SSL redirect/HSTS, local hosts only, the tracking rate limit
raised out of the way, and `bench.urls` (config.urls plus /bench/trivial/).
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz")

from config.settings.prod import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
EGOV_RATELIMIT_TRACKING = "100000000/m"
EGOV_RATELIMIT_PUBLIC_API = "100000000/m"
