"""Public catalogue URLs (owned by the catalogue pages), included by egov.portal.urls at /dich-vu-cong/."""

from django.urls import path

from egov.portal.views import catalog

urlpatterns = [
    path("", catalog.catalog, name="catalog"),
    path("ket-qua/", catalog.catalog_results, name="catalog-results"),
    path("thu-tuc/<str:code>/", catalog.procedure, name="procedure"),
    path("mau-don/<uuid:file_id>/", catalog.blank_form, name="blank-form"),
]
