from django.urls import path

app_name = "signing"

urlpatterns: list = []
