"""config.urls plus the benchmark's trivial view (bench.settings only). The public rate limits are
raised in bench.settings: the load comes from one address."""

from django.urls import path

from bench.trivial import trivial
from config.urls import *  # noqa: F403
from config.urls import urlpatterns as config_urlpatterns

urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *config_urlpatterns]
