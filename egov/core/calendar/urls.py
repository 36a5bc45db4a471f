app_name = "work_calendar"
urlpatterns: list = []
