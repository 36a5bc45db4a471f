from django.urls import path

from egov.signing import views

app_name = "signing"

urlpatterns = [
    path("", views.my_certificates, name="my_certificates"),
    path("co-quan/", views.agency_certificates, name="agency_certificates"),
    path("co-quan/<int:agency_id>/", views.agency_certificates, name="agency_certificates_of"),
    path("kiem-tra/", views.validate, name="validate"),
    path("anh/<str:kind>/<int:pk>/", views.image, name="image"),
]
