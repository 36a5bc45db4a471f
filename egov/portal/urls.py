from django.urls import include, path

from egov.portal.views import apply, mine

app_name = "portal"

urlpatterns = [
    path("", include("egov.portal.catalog_urls")),
    path("nop/<str:code>/", apply.apply_start, name="apply"),
    path("nhap/<uuid:draft_id>/", apply.draft_info, name="draft-info"),
    path("nhap/<uuid:draft_id>/luu/", apply.draft_autosave, name="draft-autosave"),
    path("nhap/<uuid:draft_id>/giay-to/", apply.draft_files, name="draft-files"),
    path("nhap/<uuid:draft_id>/nop/", apply.draft_review, name="draft-review"),
    path("nhap/<uuid:draft_id>/huy/", apply.draft_discard_view, name="draft-discard"),
    path("ho-so-cua-toi/", mine.my_dossiers, name="my-dossiers"),
    path("ho-so-cua-toi/<str:code>/", mine.my_dossier_detail, name="my-dossier"),
    path("ho-so-cua-toi/<str:code>/bo-sung/", mine.my_dossier_supplement, name="my-dossier-supplement"),
    path("ho-so-cua-toi/<str:code>/rut/", mine.my_dossier_withdraw, name="my-dossier-withdraw"),
    path("ho-so-cua-toi/<str:code>/danh-gia/", mine.my_dossier_rate, name="my-dossier-rate"),
    path("kho-du-lieu/", mine.data_store, name="data-store"),
]
