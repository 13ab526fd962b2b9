from django.urls import path

from groundswell.widget import team_views, views

app_name = "widget"

urlpatterns = [
    path("<str:public_key>/", views.ideas, name="ideas"),
    path("<str:public_key>/identify/", views.identify, name="identify"),
    path("<str:public_key>/post/", views.post, name="post"),
    path("<str:public_key>/similar/", views.similar, name="similar"),
    path("<str:public_key>/news/", views.news, name="news"),
    path("<str:public_key>/ideas/<int:idea_id>/", views.idea, name="idea"),
    path("<str:public_key>/ideas/<int:idea_id>/vote/", views.vote, name="vote"),
    path("<str:public_key>/ideas/<int:idea_id>/unvote/", views.unvote, name="unvote"),
]

# Mounted under /<workspace>/manage/widget/ by workspaces.urls, in its namespace.
team_urlpatterns = [
    path("", team_views.widget_settings, name="widget"),
    path("rotate/", team_views.rotate_widget_secret, name="rotate_widget_secret"),
]
