from django.urls import path

from egov.payments import views

app_name = "payments"

urlpatterns = [
    path("ket-qua/", views.payment_return, name="return"),
    path("ipn/", views.ipn, name="ipn"),
    path("tra-cuu-bien-lai/", views.lookup, name="receipt-lookup"),
    path("bien-lai/<str:txn_ref>/", views.receipt, name="receipt"),
    path("<str:code>/", views.start, name="start"),
]
