from django.urls import path

from egov.nationalportal import views

app_name = "nationalportal"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("pull/", views.pull_now, name="pull"),
]
