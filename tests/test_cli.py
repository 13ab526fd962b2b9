"""The `groundswell` commands a person runs: demo data, workspaces, administrators."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from groundswell.accounts.models import User
from groundswell.feedback.models import Comment, Idea, IdeaEvent
from groundswell.workspaces.models import Membership, Role, Workspace


def test_demo_creates_a_realistic_workspace_once(db):
    call_command("demo")
    workspace = Workspace.objects.get(slug="acme")
    assert workspace.boards.filter(is_public=False).exists()
    assert Idea.objects.filter(workspace=workspace).count() >= 15
    assert Comment.objects.exists()
    assert IdeaEvent.objects.filter(kind="status_changed").exists()
    admin = User.objects.get(email="admin@example.com")
    assert admin.check_password("groundswell-demo")
    assert Membership.objects.get(workspace=workspace, user=admin).role == Role.OWNER
    mismatched = Idea.objects.annotate(rows=Count("votes")).exclude(vote_count=F("rows"))
    assert not mismatched.exists()
    call_command("demo")
    assert Workspace.objects.count() == 1


def test_createworkspace_needs_an_existing_owner(db):
    with pytest.raises(CommandError, match="No account for nobody@example.com"):
        call_command("createworkspace", "Acme", "acme", "nobody@example.com")
    assert not Workspace.objects.exists()


def test_createworkspace_refuses_reserved_and_taken_addresses(alice):
    with pytest.raises(CommandError, match="reserved"):
        call_command("createworkspace", "API", "api", alice.email)
    call_command("createworkspace", "Acme", "acme", alice.email)
    with pytest.raises(CommandError, match="taken"):
        call_command("createworkspace", "Acme 2", "acme", alice.email)
    assert Workspace.objects.get().memberships.get().user == alice


def test_createadmin_rejects_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("GROUNDSWELL_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("createadmin", "boss@example.com")
    assert not User.objects.exists()


def test_createadmin_creates_staff(db, monkeypatch):
    monkeypatch.setenv("GROUNDSWELL_ADMIN_PASSWORD", "a long enough passphrase")
    call_command("createadmin", "boss@example.com", name="Boss")
    boss = User.objects.get(email="boss@example.com")
    assert boss.is_staff and boss.is_superuser


def test_console_command_reports_bad_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "groundswell", "check"],
        env={"PATH": "/usr/bin:/bin", "GROUNDSWELL_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_console_command_rejects_a_malformed_boolean(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "groundswell", "check"],
        env={
            "PATH": "/usr/bin:/bin",
            "GROUNDSWELL_DATA_DIR": str(tmp_path),
            "GROUNDSWELL_DEBUG": "maybe",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "GROUNDSWELL_DEBUG='maybe' is not a boolean" in result.stderr
