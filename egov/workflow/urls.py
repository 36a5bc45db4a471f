from django.urls import path

from egov.workflow import views

app_name = "workflow"
urlpatterns = [
    path("", views.process_list, name="list"),
    path("new/", views.process_create, name="create"),
    path("import/", views.process_import, name="import"),
    path("<int:pk>/", views.process_detail, name="detail"),
    path("<int:pk>/export.json", views.process_export, name="export"),
    path("<int:pk>/publish/", views.process_publish, name="publish"),
    path("<int:pk>/new-version/", views.process_new_version, name="new_version"),
    path("<int:pk>/steps/add/", views.step_add, name="step_add"),
    path("<int:pk>/steps/<int:step_pk>/edit/", views.step_edit, name="step_edit"),
    path("<int:pk>/steps/<int:step_pk>/delete/", views.step_delete, name="step_delete"),
    path("<int:pk>/transitions/add/", views.transition_add, name="transition_add"),
    path("<int:pk>/transitions/<int:transition_pk>/edit/", views.transition_edit, name="transition_edit"),
    path(
        "<int:pk>/transitions/<int:transition_pk>/delete/", views.transition_delete, name="transition_delete"
    ),
]
