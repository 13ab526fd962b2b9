from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from groundswell import views
from groundswell.api import api
from groundswell.widget import views as widget

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("backoffice/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("groundswell.accounts.urls")),
    path("notifications/", include("groundswell.notifications.urls")),
    path("intake/", include("groundswell.intake.urls")),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    path("<slug:workspace_slug>/manage/changelog/", include("groundswell.changelog.team_urls")),
    path("widget.js", widget.widget_script, name="widget_script"),
    path("widget/", include("groundswell.widget.urls")),
    path("<slug:workspace_slug>/manage/", include("groundswell.workspaces.urls")),
    path("<slug:workspace_slug>/changelog/", include("groundswell.changelog.urls")),
    path("<slug:workspace_slug>/", include("groundswell.feedback.urls")),
]
