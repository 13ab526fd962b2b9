from groundswell.accounts.models import User
from groundswell.accounts.services import find_person, person_for_email


def test_an_existing_account_is_found_by_any_spelling_of_its_address(carol):
    found = person_for_email("  Carol@Customer.EXAMPLE ", "Someone else")
    assert found.pk == carol.pk
    assert (found.email, found.name) == ("carol@customer.example", "Carol")
    assert found.is_active  # the columns not read load on first use
    assert User.objects.count() == 1


def test_a_new_address_gets_an_account(db):
    dana = person_for_email("Dana@Customer.example", "Dana")
    dana.refresh_from_db()
    assert (dana.email, dana.name) == ("dana@customer.example", "Dana")
    assert find_person("dana@customer.example").pk == dana.pk


def test_find_person_creates_nothing(db):
    assert find_person("nobody@customer.example") is None
    assert not User.objects.exists()
