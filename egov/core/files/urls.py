from django.urls import path

from egov.core.files import views

app_name = "files"

urlpatterns = [
    path("<uuid:file_id>/", views.file_download, name="download"),
]
