from django.urls import path

from egov.dossiers.views import detail, inbox, intake

app_name = "dossiers"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("new/", intake.intake, name="intake"),
    path("new/procedures/", intake.procedure_search, name="intake-procedures"),
    path("new/components/", intake.components, name="intake-components"),
    path("new/units/", intake.unit_search, name="intake-units"),
    path("tasks/<int:task_id>/claim/", inbox.claim, name="claim"),
    path("<str:code>/", detail.detail, name="detail"),
    path("<str:code>/act/", detail.act, name="act"),
    path("<str:code>/return/", detail.return_result, name="return"),
    path("<str:code>/forms/<int:number>.pdf", detail.form_pdf, name="form-pdf"),
]
