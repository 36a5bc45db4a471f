from django.urls import path

from egov.reports import kiosk_views

app_name = "kiosk"
urlpatterns = [
    path("", kiosk_views.home, name="home"),
    path("tra-cuu/", kiosk_views.track, name="track"),
    path("thu-tuc/<str:code>/", kiosk_views.procedure, name="procedure"),
]
