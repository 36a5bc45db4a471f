from django.urls import path

from egov.documents import views
from egov.documents.views import dashboard as dashboard_views
from egov.documents.views import exchange as exchange_views
from egov.documents.views import outgoing as outgoing_views
from egov.documents.views import workfiles as wf_views
from egov.documents.views.search import document_search_view

app_name = "documents"

urlpatterns = [
    path("", views.incoming_list_view, name="incoming-list"),
    path("den/vao-so/", views.incoming_register_view, name="incoming-register"),
    path("den/<int:pk>/", views.incoming_detail, name="incoming-detail"),
    path("den/<int:pk>/<slug:action>/", views.incoming_action, name="incoming-action"),
    path("qua-han/", views.overdue_view, name="overdue"),
    path("tim-kiem/", document_search_view, name="search"),
    path("so/<slug:register>.<str:fmt>", views.register_export, name="register-export"),
    path("di/", outgoing_views.outgoing_list_view, name="outgoing-list"),
    path("di/du-thao/", outgoing_views.outgoing_create_view, name="outgoing-create"),
    path("di/so-van-ban-di.<str:fmt>", outgoing_views.outgoing_register_export, name="outgoing-register"),
    path("di/<int:pk>/", outgoing_views.outgoing_detail, name="outgoing-detail"),
    path("di/<int:pk>/<slug:action>/", outgoing_views.outgoing_action, name="outgoing-action"),
    path("lien-thong/nhap/", outgoing_views.edxml_import_view, name="edxml-import"),
    path("lien-thong/", exchange_views.exchange_queue_view, name="exchange"),
    path(
        "lien-thong/<slug:kind>/<int:pk>/gui-lai/", exchange_views.exchange_retry_view, name="exchange-retry"
    ),
    path("bang-dieu-khien/", dashboard_views.office_dashboard_view, name="dashboard"),
    path("ho-so/", wf_views.workfile_lists, name="workfile-lists"),
    path("ho-so/danh-muc/tao/", wf_views.file_list_create_view, name="filelist-create"),
    path("ho-so/danh-muc/<int:pk>.<str:fmt>", wf_views.file_list_export, name="filelist-export"),
    path("ho-so/danh-muc/<int:pk>/<slug:action>/", wf_views.file_list_action, name="filelist-action"),
    path("ho-so/nop-luu/", wf_views.workfile_transfer, name="workfile-transfer"),
    path("ho-so/nop-luu/<int:year>.<str:fmt>", wf_views.transfer_index_export, name="transfer-index-export"),
    path("ho-so/<int:pk>/", wf_views.workfile_detail, name="workfile-detail"),
    path("ho-so/<int:pk>/muc-luc.<str:fmt>", wf_views.workfile_export, name="workfile-export"),
    path("ho-so/<int:pk>/<slug:action>/", wf_views.workfile_action, name="workfile-action"),
]
