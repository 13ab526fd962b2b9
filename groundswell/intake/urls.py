"""Routes of the intake channels.

`team_urlpatterns` are the admins' channels page, included by workspaces/urls.py
under /<workspace>/manage/channels/. `urlpatterns` are the machine endpoints,
included by groundswell/urls.py under /intake/.
"""

from django.urls import path, re_path

from groundswell.intake import hooks, views

team_urlpatterns = [
    path("", views.channels, name="channels"),
    path("slack/", views.save_slack, name="save_slack"),
    path("slack/bot-token/", views.save_slack_bot_token, name="save_slack_bot_token"),
    path("webhook/rotate/", views.rotate_webhook_secret, name="rotate_webhook_secret"),
    path("email/rotate/", views.rotate_email_address, name="rotate_email_address"),
]

app_name = "intake"
urlpatterns = [
    path("slack/<slug:workspace_slug>/shortcut/", hooks.slack_shortcut, name="slack_shortcut"),
    path("slack/<slug:workspace_slug>/command/", hooks.slack_command, name="slack_command"),
    path("webhook/<slug:workspace_slug>/", hooks.inbound_webhook, name="webhook"),
    # Mailgun posts parsed fields to inbound/ and raw MIME to inbound_mime/; one view reads both.
    re_path(
        r"^email/(?P<provider>[a-z]+)/inbound(?:_mime)?/$",
        hooks.provider_inbound_email,
        name="provider_inbound_email",
    ),
]
