"""Versioned REST API (v1). One module per resource registers its routes here."""

from django.urls import path

from egov.api.documents import (
    DocumentSearchView,
    IncomingDetailView,
    IncomingListView,
    OutgoingDetailView,
    OutgoingListView,
)
from egov.api.dossier_import import DossierImportView
from egov.api.dossiers import DossierActionView, DossierDetailView, DossierListView
from egov.api.procedures import ProcedureDetailView, ProcedureListView
from egov.api.public import PublicStatusView
from egov.core.api import HealthView

app_name = "api"
urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
    path("procedures/", ProcedureListView.as_view(), name="procedure-list"),
    path("procedures/<str:code>/", ProcedureDetailView.as_view(), name="procedure-detail"),
    path("dossiers/", DossierListView.as_view(), name="dossier-list"),
    path("dossiers/import/", DossierImportView.as_view(), name="dossier-import"),
    path("dossiers/<str:code>/", DossierDetailView.as_view(), name="dossier-detail"),
    path("dossiers/<str:code>/actions/", DossierActionView.as_view(), name="dossier-actions"),
    path("documents/incoming/", IncomingListView.as_view(), name="document-incoming-list"),
    path("documents/incoming/<int:pk>/", IncomingDetailView.as_view(), name="document-incoming-detail"),
    path("documents/outgoing/", OutgoingListView.as_view(), name="document-outgoing-list"),
    path("documents/outgoing/<int:pk>/", OutgoingDetailView.as_view(), name="document-outgoing-detail"),
    path("documents/search/", DocumentSearchView.as_view(), name="document-search"),
    path("public/dossiers/<str:code>/status/", PublicStatusView.as_view(), name="public-status"),
]
