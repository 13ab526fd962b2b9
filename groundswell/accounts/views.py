"""Sign up, sign in (password or emailed link), sign out and password reset.

Views parse input, apply the rate limits, call one service and map the
accounts errors to a message and a status. Pages work without JavaScript.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from groundswell.accounts import ratelimit, services
from groundswell.accounts.errors import EmailTaken, InvalidMagicLink, RateLimited
from groundswell.accounts.forms import EmailForm, SignInForm, SignUpForm
from groundswell.accounts.tokens import MAGIC_LINK_MINUTES, check_magic_link_token


def safe_next(request: HttpRequest, target: str | None = None) -> str:
    """`target` (or the request's `next`) if it stays on this site, else "/"."""
    if target is None:
        target = request.POST.get("next") or request.GET.get("next")
    target = target or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _bound(form_class: type[forms.Form], request: HttpRequest) -> forms.Form:
    return form_class(request.POST if request.method == "POST" else None)


def _form_page(
    request: HttpRequest, template: str, form: forms.Form, limited: RateLimited | None = None
) -> TemplateResponse:
    if limited is not None:
        form.add_error(None, str(limited))
    status = 429 if limited else 400 if form.is_bound and form.errors else 200
    response = TemplateResponse(
        request, template, {"form": form, "next": safe_next(request)}, status=status
    )
    if limited is not None:
        response["Retry-After"] = str(limited.retry_after)
    return response


# Password sign-in, sign-up, sign-out ------------------------------------------


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    template = "accounts/sign_in.html"
    form = _bound(SignInForm, request)
    if request.method == "POST":
        try:
            # Counted before checking the password, so a guesser learns nothing once limited.
            ratelimit.limit_sign_in(request, request.POST.get("email", ""))
        except RateLimited as limited:
            return _form_page(request, template, form, limited)
        if form.is_valid():
            user = authenticate(
                request,
                username=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
            if user is not None:
                login(request, user)
                return redirect(safe_next(request))
            form.add_error(
                None,
                "That email and password do not match an account. "
                "If you have never set a password, email yourself a sign-in link.",
            )
    return _form_page(request, template, form)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    template = "accounts/sign_up.html"
    form = _bound(SignUpForm, request)
    if request.method == "POST":
        try:
            ratelimit.limit_sign_up(request)
        except RateLimited as limited:
            return _form_page(request, template, form, limited)
        if form.is_valid():
            try:
                user = services.register_person(
                    form.cleaned_data["email"],
                    form.cleaned_data["password"],
                    form.cleaned_data["name"],
                )
            except EmailTaken as error:
                form.add_error("email", str(error))
            else:
                login(request, user)  # the one backend in AUTHENTICATION_BACKENDS
                messages.success(request, "Welcome! You are signed in.")
                return redirect(safe_next(request))
    return _form_page(request, template, form)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("/")


# Sign-in links ---------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def magic_link(request: HttpRequest) -> HttpResponse:
    template = "accounts/magic_link.html"
    form = _bound(EmailForm, request)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            ratelimit.limit_account_email(request, email)
        except RateLimited as limited:
            return _form_page(request, template, form, limited)
        services.send_magic_link(email, safe_next(request))
        # The same page whether or not the address has an account.
        return redirect("accounts:magic_link_sent")
    return _form_page(request, template, form)


def magic_link_sent(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request, "accounts/magic_link_sent.html", {"minutes": MAGIC_LINK_MINUTES}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def magic_link_login(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST uses the link up. Mail scanners that
    fetch every link in a message must not spend it before the person clicks."""
    template = "accounts/magic_link_login.html"
    try:
        if request.method == "POST":
            user, next_url = services.sign_in_with_magic_link(token)
            login(request, user)  # the one backend in AUTHENTICATION_BACKENDS
            messages.success(request, "You are signed in.")
            return redirect(safe_next(request, next_url))
        link, user = check_magic_link_token(token)
    except InvalidMagicLink as error:
        return TemplateResponse(request, template, {"error": str(error)}, status=400)
    return TemplateResponse(request, template, {"email": link.email, "new_account": user is None})


# Password reset --------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    template = "accounts/password_reset.html"
    form = _bound(EmailForm, request)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            ratelimit.limit_account_email(request, email)
        except RateLimited as limited:
            return _form_page(request, template, form, limited)
        services.send_password_reset(email)
        return redirect("accounts:password_reset_sent")
    return _form_page(request, template, form)


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "accounts/password_reset_sent.html")


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's view: it moves the token into the session before showing the
    form, so the token never leaks through the Referer header."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:sign_in")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your new password is set. Sign in with it now.")
        return response


password_reset_confirm = PasswordResetConfirm.as_view()
