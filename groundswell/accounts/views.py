"""Sign up, sign in and sign out."""

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from groundswell.accounts import services
from groundswell.accounts.forms import SignInForm, SignUpForm


def safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["email"], password=form.cleaned_data["password"]
        )
        if user is not None:
            login(request, user)
            return redirect(safe_next(request))
        form.add_error(None, "That email and password do not match an account.")
    return TemplateResponse(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": safe_next(request)},
        status=400 if form.errors else 200,
    )


def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.register_person(
            form.cleaned_data["email"], form.cleaned_data["password"], form.cleaned_data["name"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! You are signed in.")
        return redirect(safe_next(request))
    return TemplateResponse(
        request,
        "accounts/sign_up.html",
        {"form": form, "next": safe_next(request)},
        status=400 if form.errors else 200,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("/")
