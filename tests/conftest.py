"""Shared personas and data.

Alice owns the Acme workspace, Bob is on her team, Carol is a customer who gives
feedback, Charlie is signed in but belongs to no team, and Globex is another
workspace whose data must never show in Acme's.
"""

import pytest
from django.test import Client

from groundswell.accounts.models import User
from groundswell.feedback import services as feedback
from groundswell.workspaces.models import Role
from groundswell.workspaces.services import add_member, create_workspace

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(db) -> User:
    return User.objects.create_user("alice@acme.example", PASSWORD, name="Alice")


@pytest.fixture
def bob(db) -> User:
    return User.objects.create_user("bob@acme.example", PASSWORD, name="Bob")


@pytest.fixture
def carol(db) -> User:
    return User.objects.create_user("carol@customer.example", PASSWORD, name="Carol")


@pytest.fixture
def charlie(db) -> User:
    return User.objects.create_user("charlie@elsewhere.example", PASSWORD, name="Charlie")


@pytest.fixture
def workspace(alice, bob):
    workspace = create_workspace("Acme", "acme", alice)
    add_member(workspace, bob, Role.MEMBER)
    return workspace


@pytest.fixture
def board(workspace):
    return feedback.create_board(workspace, "Feature requests", "What should we build?")


@pytest.fixture
def private_board(workspace):
    return feedback.create_board(workspace, "Team roadmap", is_public=False)


@pytest.fixture
def idea(board, carol):
    return feedback.create_idea(board, carol, "Dark mode", "Please add a **dark** theme.")


@pytest.fixture
def private_idea(private_board, alice):
    return feedback.create_idea(private_board, alice, "Secret pricing change", "Internal.")


@pytest.fixture
def other_workspace(charlie):
    workspace = create_workspace("Globex", "globex", charlie)
    board = feedback.create_board(workspace, "Globex ideas")
    feedback.create_idea(board, charlie, "Globex private plan", "Only for Globex.")
    return workspace


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice) -> Client:
    return client_for(alice)


@pytest.fixture
def bob_client(bob) -> Client:
    return client_for(bob)


@pytest.fixture
def carol_client(carol) -> Client:
    return client_for(carol)


@pytest.fixture
def charlie_client(charlie) -> Client:
    return client_for(charlie)


@pytest.fixture(autouse=True)
def _no_rows_from_other_tests():
    """Board rows are cached per process by content; start each test without them."""
    from django.core.cache import caches

    caches["fragments"].clear()


@pytest.fixture(autouse=True)
def _fresh_similarity_indexes():
    """Similarity indexes are cached per process by workspace id; ids repeat across tests."""
    from groundswell.duplicates.index import forget_indexes

    forget_indexes()
    yield
    forget_indexes()
