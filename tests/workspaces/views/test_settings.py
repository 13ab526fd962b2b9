import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

URL = reverse("workspaces:settings", kwargs={"workspace_slug": "acme"})
# A 1x1 transparent PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post(client, **fields):
    data = {"name": "Acme Corp", "accent_colour": "#112233", **fields}
    return client.post(URL, data)


def test_form_shows_the_current_settings(alice_client, workspace):
    response = alice_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Acme"' in html and 'value="#4f46e5"' in html
    assert "This field is required" not in html


def test_admin_changes_name_colour_and_logo(alice_client, workspace):
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    response = post(alice_client, logo=logo)
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.name == "Acme Corp"
    assert workspace.accent_colour == "#112233"
    assert workspace.logo.name.startswith("logos/acme-")
    assert workspace.logo.name.endswith(".png")
    assert workspace.logo.storage.exists(workspace.logo.name)


def test_changes_show_in_the_portal_header(alice_client, client, workspace):
    post(alice_client, logo=SimpleUploadedFile("logo.png", PNG, content_type="image/png"))
    workspace.refresh_from_db()
    page = client.get(reverse("feedback:workspace_home", kwargs={"workspace_slug": "acme"}))
    html = page.content.decode()
    assert "Acme Corp" in html
    assert "--accent: #112233" in html
    assert workspace.logo.url in html


def test_replacing_the_logo_deletes_the_old_file(
    alice_client, workspace, django_capture_on_commit_callbacks
):
    post(alice_client, logo=SimpleUploadedFile("a.png", PNG, content_type="image/png"))
    workspace.refresh_from_db()
    old = workspace.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        post(alice_client, logo=SimpleUploadedFile("b.png", PNG, content_type="image/png"))
    workspace.refresh_from_db()
    assert workspace.logo.name != old
    assert not workspace.logo.storage.exists(old)


def test_admin_removes_the_logo(alice_client, workspace):
    post(alice_client, logo=SimpleUploadedFile("a.png", PNG, content_type="image/png"))
    post(alice_client, remove_logo="on")
    workspace.refresh_from_db()
    assert not workspace.logo


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "image/svg+xml"),
        ("logo.png", PNG, "text/html"),
        ("logo.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("logo.exe", PNG, "image/png"),
        ("logo.png", PNG + b"\0" * (1024 * 1024), "image/png"),
    ],
)
def test_files_that_are_not_small_images_are_refused(
    alice_client, workspace, name, content, content_type
):
    response = post(alice_client, logo=SimpleUploadedFile(name, content, content_type=content_type))
    assert response.status_code == 400
    workspace.refresh_from_db()
    assert workspace.name == "Acme"
    assert not workspace.logo


@pytest.mark.parametrize("colour", ["red", "#12345", "#gggggg", "112233"])
def test_accent_colour_must_be_hex(alice_client, workspace, colour):
    response = post(alice_client, accent_colour=colour)
    assert response.status_code == 400
    workspace.refresh_from_db()
    assert workspace.accent_colour == "#4f46e5"


def test_member_is_refused(bob_client, workspace):
    assert bob_client.get(URL).status_code == 403
    assert post(bob_client).status_code == 403
    workspace.refresh_from_db()
    assert workspace.name == "Acme"


def test_outsider_is_refused(charlie_client, workspace, other_workspace):
    assert post(charlie_client).status_code == 403
    workspace.refresh_from_db()
    assert workspace.name == "Acme"


def test_anonymous_is_sent_to_sign_in(client, workspace):
    response = post(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_other_workspace_is_untouched(alice_client, workspace, other_workspace):
    post(alice_client)
    other_workspace.refresh_from_db()
    assert other_workspace.name == "Globex"
    url = reverse("workspaces:settings", kwargs={"workspace_slug": "globex"})
    assert alice_client.post(url, {"name": "Hacked", "accent_colour": "#000000"}).status_code == 403
    other_workspace.refresh_from_db()
    assert other_workspace.name == "Globex"
