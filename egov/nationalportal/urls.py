from django.urls import path

app_name = "nationalportal"

urlpatterns: list = []
