"""Background work of the duplicate engine: embed an idea, then look for its duplicates."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from groundswell.duplicates import engine
from groundswell.duplicates.index import workspace_index
from groundswell.duplicates.models import IdeaEmbedding
from groundswell.feedback.models import Idea


@task()
def embed_idea(idea_id: int) -> None:
    idea = Idea.objects.filter(pk=idea_id).first()
    if idea is None:
        return  # deleted meanwhile
    vectors = engine.embed([engine.item_text(idea.title, idea.body)])
    if vectors is not None:
        index = workspace_index(idea.workspace_id)
        index.add(engine.Item(str(idea.pk), idea.title, idea.body), vectors[0])
        IdeaEmbedding.objects.update_or_create(
            idea=idea,
            defaults={
                "workspace_id": idea.workspace_id,
                "vector": vectors[0].astype("float32").tobytes(),
                "hubness": index.hubness_of(str(idea.pk)),
                "updated_at": timezone.now(),
            },
        )
    from groundswell.duplicates.services import suggest_merges

    suggest_merges(idea)


def queue_embedding(idea_id: int) -> None:
    """Embed the idea once the transaction that wrote it has committed."""
    transaction.on_commit(lambda: embed_idea.enqueue(idea_id))
