"""The in-memory index: the right neighbours, exclusion, replacement, removal."""

import numpy as np
import pytest

from groundswell.duplicates.engine import (
    DUPLICATE_THRESHOLD,
    Item,
    SimilarityIndex,
    build_index,
    score_pairs,
)

IDEAS = [
    Item("dark", "Dark mode", "The interface is far too bright when I work at night."),
    Item("csv", "Export to CSV", "Let us download every idea and its votes as a spreadsheet."),
    Item("sso", "Single sign-on with Okta", "Our company requires SAML login for every tool."),
    Item("slack", "Slack notifications", "Post a message in our channel when an idea ships."),
    Item("mobile", "Mobile app", "An iPhone app to vote on ideas while commuting."),
]


@pytest.fixture(scope="module")
def index() -> SimilarityIndex:
    return build_index(IDEAS)


def ids(results: list[tuple[str, float]]) -> list[str]:
    return [item_id for item_id, _score in results]


def test_index_uses_the_shipped_model(index: SimilarityIndex) -> None:
    assert index.uses_model
    assert index.duplicate_threshold == DUPLICATE_THRESHOLD
    assert len(index) == len(IDEAS)


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Night theme", "Please add a darker colour scheme for the evening.", "dark"),
        ("Excel export", "I want to get all feedback out into a spreadsheet file.", "csv"),
        ("SAML authentication", "Log in through our identity provider.", "sso"),
    ],
)
def test_nearest_neighbour_is_the_duplicate(
    index: SimilarityIndex, title: str, body: str, expected: str
) -> None:
    results = index.similar(title, body, k=3)

    assert ids(results)[0] == expected
    assert results == sorted(results, key=lambda pair: -pair[1])


def test_exact_duplicate_scores_above_threshold_and_unrelated_below(
    index: SimilarityIndex,
) -> None:
    duplicate = index.similar(IDEAS[0].title, IDEAS[0].body, k=2)
    unrelated = index.similar("Invoice rounding", "VAT is rounded down on invoices.", k=1)

    assert duplicate[0] == ("dark", pytest.approx(duplicate[0][1]))
    assert duplicate[0][1] >= DUPLICATE_THRESHOLD
    assert unrelated[0][1] < DUPLICATE_THRESHOLD


def test_excluded_ids_never_come_back(index: SimilarityIndex) -> None:
    results = index.similar(IDEAS[0].title, IDEAS[0].body, k=10, exclude_ids={"dark", "csv"})

    assert "dark" not in ids(results)
    assert "csv" not in ids(results)
    assert len(results) == len(IDEAS) - 2


def test_k_limits_the_answer(index: SimilarityIndex) -> None:
    assert len(index.similar("anything", "", k=2)) == 2
    assert index.similar("anything", "", k=0) == []


def test_empty_index_answers_nothing() -> None:
    assert SimilarityIndex().similar("Dark mode", "", k=5) == []


def test_removed_and_replaced_items() -> None:
    index = build_index(IDEAS[:3])
    index.remove("dark")
    index.add(Item("csv", "Night theme", "A dark colour scheme for the evening."))

    results = index.similar("Dark mode", "Too bright at night.", k=5)

    assert "dark" not in ids(results)
    assert ids(results)[0] == "csv"
    assert len(index) == 2


def test_index_grows_past_its_initial_capacity() -> None:
    index = SimilarityIndex()
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(1500, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    items = [Item(str(n), f"item {n}", "") for n in range(1500)]
    index.add_many(items, vectors)

    results = index.similar("item 1234", "", k=1, vector=vectors[1234])

    assert ids(results) == ["1234"]


def test_score_pairs_ranks_duplicates_over_unrelated() -> None:
    dark = IDEAS[0]
    night = Item("night", "Night theme", "A darker colour scheme for the evening.")

    scores = score_pairs([(dark, night), (dark, IDEAS[1])])

    assert scores[0] > scores[1]


def test_load_restores_an_index_without_recomputing_neighbours() -> None:
    vectors = np.eye(3, 384, dtype=np.float32)
    items = [Item(str(n), f"item {n}", "") for n in range(3)]
    index = SimilarityIndex()
    index.load(items, vectors, np.full(3, 0.5, dtype=np.float32))

    results = index.similar("item 2", "", k=1, vector=vectors[2])

    assert ids(results) == ["2"]
    assert index.hubness_of("2") == pytest.approx(0.5)
