from django.urls import path

from groundswell.workspaces import views

app_name = "workspaces"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
