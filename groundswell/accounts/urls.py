from django.urls import path

from groundswell.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-in-link/", views.magic_link, name="magic_link"),
    path("sign-in-link/sent/", views.magic_link_sent, name="magic_link_sent"),
    path("sign-in-link/<str:token>/", views.magic_link_login, name="magic_link_login"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
]
