from django.urls import path

from egov.core.calendar import views

app_name = "work_calendar"
urlpatterns = [
    path("", views.year_page, name="year"),
    path("<int:year>/", views.year_page, name="year"),
]
