"""Versioned REST API (v1). Each resource module registers its routes here."""

from django.urls import path

from egov.core.api import HealthView

app_name = "api"
urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
]
