"""Versioned REST API (v1). One module per resource registers its routes here."""

from django.urls import path

from egov.core.api import HealthView

app_name = "api"
urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
]
