from django.urls import path

from egov.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.incoming_list_view, name="incoming-list"),
    path("den/vao-so/", views.incoming_register_view, name="incoming-register"),
    path("den/<int:pk>/", views.incoming_detail, name="incoming-detail"),
    path("den/<int:pk>/<slug:action>/", views.incoming_action, name="incoming-action"),
    path("qua-han/", views.overdue_view, name="overdue"),
    path("so/<slug:register>.<str:fmt>", views.register_export, name="register-export"),
]
