from django.urls import include, path

from egov.portal.views import mine

app_name = "portal"

urlpatterns = [
    path("", include("egov.portal.catalog_urls")),
    path("ho-so-cua-toi/", mine.my_dossiers, name="my-dossiers"),
    path("kho-du-lieu/", mine.data_store, name="data-store"),
]
