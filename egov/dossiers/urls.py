from django.urls import path

from egov.dossiers.views import actions, book, detail, inbox, intake, reception

app_name = "dossiers"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("new/", intake.intake, name="intake"),
    path("new/procedures/", intake.procedure_search, name="intake-procedures"),
    path("new/components/", intake.components, name="intake-components"),
    path("new/units/", intake.unit_search, name="intake-units"),
    path("book/", book.book, name="book"),
    path("book/export.<str:fmt>", book.book_export, name="book-export"),
    path("tasks/<int:task_id>/claim/", inbox.claim, name="claim"),
    path("tiep-nhan-truc-tuyen/", reception.queue, name="reception"),
    path("tiep-nhan-truc-tuyen/<str:code>/", reception.dossier, name="reception-dossier"),
    path("tiep-nhan-truc-tuyen/<str:code>/accept/", reception.accept, name="reception-accept"),
    path("tiep-nhan-truc-tuyen/<str:code>/correction/", reception.correction, name="reception-correction"),
    path("tiep-nhan-truc-tuyen/<str:code>/refuse/", reception.refuse, name="reception-refuse"),
    path("<str:code>/", detail.detail, name="detail"),
    path("<str:code>/act/", detail.act, name="act"),
    path("<str:code>/return/", detail.return_result, name="return"),
    path("<str:code>/return/post/", actions.return_by_post, name="return-post"),
    path("<str:code>/return/online/", actions.return_online, name="return-online"),
    path("<str:code>/supplement/", actions.supplement_complete, name="supplement-complete"),
    path("<str:code>/apology/", actions.apologise, name="apologise"),
    path("<str:code>/stop/", actions.stop, name="stop"),
    path("<str:code>/withdraw/", actions.withdraw, name="withdraw"),
    path("<str:code>/assign/", actions.assign, name="assign"),
    path("<str:code>/result/", actions.attach_result, name="result"),
    path("<str:code>/payment/", actions.mark_paid, name="payment"),
    path("<str:code>/forms/<int:number>.pdf", detail.form_pdf, name="form-pdf"),
]
