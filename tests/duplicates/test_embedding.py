"""The shipped model: unit vectors that mean what the words mean."""

import numpy as np

from groundswell.duplicates import embedding
from groundswell.duplicates.engine import embed


def test_embeddings_are_unit_length_float32_rows() -> None:
    vectors = embed(["Add a dark mode", "Export the board to CSV"])

    assert vectors is not None
    assert vectors.shape == (2, embedding.DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_dark_mode_is_closer_to_night_theme_than_to_csv_export() -> None:
    vectors = embed(["dark mode", "night theme", "export CSV"])

    assert vectors is not None
    dark, night, csv = vectors
    assert float(dark @ night) > float(dark @ csv) + 0.1


def test_embedding_does_not_depend_on_the_batch() -> None:
    alone = embed(["dark mode"])
    batched = embed(["a much longer text about exporting every idea to a spreadsheet", "dark mode"])

    assert alone is not None and batched is not None
    np.testing.assert_array_equal(alone[0], batched[1])


def test_empty_input_gives_an_empty_matrix() -> None:
    vectors = embed([])

    assert vectors is not None
    assert vectors.shape == (0, embedding.DIMENSIONS)
