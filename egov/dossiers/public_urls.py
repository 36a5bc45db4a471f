from django.urls import path

from egov.dossiers import public_rating, public_views

app_name = "tracking"
urlpatterns = [
    path("", public_views.lookup, name="lookup"),
    path("<str:code>/", public_views.status, name="status"),
    path("<str:code>/danh-gia/", public_rating.rate, name="rate"),
]
