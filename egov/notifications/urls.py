from django.urls import path

from egov.notifications import views

app_name = "notifications"
urlpatterns = [
    path("sms/receipt", views.sms_receipt, name="sms-receipt"),
]
