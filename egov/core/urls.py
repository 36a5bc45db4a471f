from django.urls import include, path

from egov.core import views

urlpatterns = [
    path("", views.staff_home, name="staff-home"),
    path("calendar/", include("egov.core.calendar.urls")),
]
