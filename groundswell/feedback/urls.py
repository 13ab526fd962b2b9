from django.urls import path

from groundswell.feedback import team_views, views

app_name = "feedback"

urlpatterns = [
    path("", views.workspace_home, name="workspace_home"),
    path("submit/", views.submit_idea, name="submit_idea"),
    path("similar/", views.similar_suggestions, name="similar_ideas"),
    path("me/", views.my_activity, name="my_activity"),
    path("people/<int:person_id>/", views.person_activity, name="person_activity"),
    path("boards/<slug:board_slug>/", views.board, name="board"),
    path("ideas/<int:idea_id>/", views.idea_detail, name="idea"),
    path("ideas/<int:idea_id>/vote/", views.vote, name="vote"),
    path("ideas/<int:idea_id>/unvote/", views.unvote, name="unvote"),
    path("ideas/<int:idea_id>/comments/", views.comment, name="comment"),
]

urlpatterns += [
    path("ideas/<int:idea_id>/status/", team_views.change_status, name="change_status"),
    path("ideas/<int:idea_id>/tag/", team_views.tag_idea, name="tag_idea"),
    path("ideas/<int:idea_id>/untag/", team_views.untag_idea, name="untag_idea"),
    path("ideas/<int:idea_id>/move/", team_views.move_idea, name="move_idea"),
    path("ideas/<int:idea_id>/edit/", team_views.edit_idea, name="edit_idea"),
    path("ideas/<int:idea_id>/delete/", team_views.delete_idea, name="delete_idea"),
    path("comments/<int:comment_id>/toggle/", team_views.toggle_comment, name="toggle_comment"),
]

urlpatterns += [
    path("ideas/<int:idea_id>/merge/", team_views.merge_idea, name="merge_idea"),
    path("ideas/<int:idea_id>/unmerge/", team_views.unmerge_idea, name="unmerge_idea"),
]

urlpatterns += [
    path("ideas/<int:idea_id>/follow/", views.follow, name="follow"),
    path("ideas/<int:idea_id>/unfollow/", views.unfollow, name="unfollow"),
]
