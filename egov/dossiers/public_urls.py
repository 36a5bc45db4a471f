from django.urls import path

from egov.dossiers import public_views

app_name = "tracking"
urlpatterns = [
    path("", public_views.lookup, name="lookup"),
    path("<str:code>/", public_views.status, name="status"),
]
