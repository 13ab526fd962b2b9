"""The import pages, included by workspaces/urls.py under /<workspace>/manage/import/."""

from django.urls import path

from groundswell.imports import views

urlpatterns = [
    path("", views.upload, name="import"),
    path("<int:job_id>/", views.job_page, name="import_job"),
    path("<int:job_id>/start/", views.start, name="start_import"),
    path("<int:job_id>/report.csv", views.report, name="import_report"),
]
