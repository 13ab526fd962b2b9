"""Without a loadable model the engine matches words, warns once, never raises."""

import logging
from pathlib import Path

import pytest

from groundswell.duplicates import embedding
from groundswell.duplicates.engine import (
    LEXICAL_DUPLICATE_THRESHOLD,
    Item,
    SimilarityIndex,
    embed,
    score_pairs,
)


@pytest.fixture
def missing_model(tmp_path: Path):
    embedding.reset_for_tests()
    yield tmp_path / "no-model-here"
    embedding.reset_for_tests()


def test_embed_returns_none_and_warns_once(missing_model: Path, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="groundswell.duplicates.embedding"):
        assert embed(["dark mode"], missing_model) is None
        assert embed(["night theme"], missing_model) is None
        SimilarityIndex(missing_model)

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "falling back to lexical matching" in warnings[0].getMessage()


def test_index_without_model_ranks_by_shared_words(missing_model: Path) -> None:
    index = SimilarityIndex(missing_model)
    index.add(Item("1", "Crash when saving a file", "NullPointerException in FileSaver.save"))
    index.add(Item("2", "Add a dark mode", "the interface is too bright at night"))
    index.add(Item("3", "Export to CSV", "we need a spreadsheet of all ideas"))

    results = index.similar("FileSaver crash", "NullPointerException while saving", k=5)

    assert not index.uses_model
    assert index.duplicate_threshold == LEXICAL_DUPLICATE_THRESHOLD
    assert results[0][0] == "1"
    assert "2" not in [item_id for item_id, _score in results]


def test_index_without_model_respects_exclusion(missing_model: Path) -> None:
    index = SimilarityIndex(missing_model)
    index.add(Item("1", "Dark mode", "dark theme please"))
    index.add(Item("2", "Dark mode again", "dark theme please"))

    results = index.similar("Dark mode", "dark theme please", k=5, exclude_ids={"1"})

    assert [item_id for item_id, _score in results] == ["2"]


def test_score_pairs_without_model_is_lexical(missing_model: Path) -> None:
    same = Item("a", "Dark mode", "dark theme please")
    other = Item("b", "Export CSV", "spreadsheet download")

    scores = score_pairs([(same, same), (same, other)], missing_model)

    assert scores[0] > 0.5
    assert scores[1] == 0.0


def test_env_override_pointing_nowhere_falls_back(missing_model: Path, monkeypatch) -> None:
    monkeypatch.setenv("GROUNDSWELL_DUPLICATES_MODEL_DIR", str(missing_model))

    assert embedding.model_dir() == missing_model
    assert SimilarityIndex().uses_model is False
