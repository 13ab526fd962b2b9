import threading

import pytest
from django.db import close_old_connections, connection

from groundswell.changelog import services
from groundswell.changelog.models import ChangelogEmail, ChangelogEntry
from groundswell.feedback.models import IdeaEvent, IdeaEventKind
from groundswell.notifications.models import Event


@pytest.mark.django_db(transaction=True)
def test_simultaneous_publishes_ship_and_queue_once(entry, alice, subscribers):
    results, errors = [], []
    start = threading.Barrier(4)

    def publish():
        close_old_connections()
        try:
            start.wait()
            results.append(services.publish_entry(ChangelogEntry.objects.get(pk=entry.pk), alice))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert IdeaEvent.objects.filter(kind=IdeaEventKind.STATUS_CHANGED).count() == 1
    assert Event.objects.count() == 1
    assert ChangelogEmail.objects.count() == 2
