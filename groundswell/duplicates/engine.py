"""The duplicate-detection engine: scores and an in-memory similarity index.

A score adds three signals:
- semantic: the embedding cosine of "title + body", less a hubness
  correction: items that are close to many others (generic reports, stack
  traces) are pulled down by how close they sit to their own neighbours;
- lexical: TF-IDF cosines over words of title + body, and of titles alone.
The lexical signals only rescore the embedding's nearest neighbours, so a
query costs one matrix-vector product plus a little Python. Without a model
the index ranks by the lexical signals alone.

Imports nothing from Django: the web application, the `dupes` command and
scripts all use this module directly.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from groundswell.duplicates import embedding
from groundswell.duplicates.lexical import LexicalIndex, term_counts

# Weights tuned on the Eclipse development set, kept round on purpose: the
# product is measured on boards from other trackers too.
SEMANTIC_WEIGHT = 1.0
TEXT_LEXICAL_WEIGHT = 0.5
TITLE_LEXICAL_WEIGHT = 0.3
# Hubness correction (as in CSLS): subtract HUBNESS_WEIGHT * (h - baseline),
# h = an item's mean cosine to its HUBNESS_NEIGHBOURS nearest stored items.
# The baseline is a typical h, so pair scores without a board stay on scale.
HUBNESS_WEIGHT = 0.5
HUBNESS_NEIGHBOURS = 10
HUBNESS_BASELINE = 0.5
# How many embedding neighbours the lexical signals may reorder.
RERANK_CANDIDATES = 50
# "Possible duplicate" from this score up (with the model); chosen on the
# development set: 3.2% false alarms on genuinely new items, 33% of duplicates caught.
DUPLICATE_THRESHOLD = 1.05
# The same decision when the model could not load (lexical signals alone;
# on the development set: 2.7% false alarms, 27% of duplicates caught).
LEXICAL_DUPLICATE_THRESHOLD = 0.4

_INITIAL_CAPACITY = 1024


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    title: str
    body: str


def item_text(title: str, body: str) -> str:
    """What the model reads for one item."""
    return f"{title.strip()}\n{body.strip()}".strip()


def embed(texts: Sequence[str], model_dir: Path | None = None) -> np.ndarray | None:
    """Unit-length embeddings, one row per text; None when the model cannot load."""
    return embedding.embed(list(texts), model_dir)


def embed_items(items: Sequence[Item], model_dir: Path | None = None) -> np.ndarray | None:
    return embed([item_text(item.title, item.body) for item in items], model_dir)


def lexical_score(text_similarity: np.ndarray, title_similarity: np.ndarray) -> np.ndarray:
    return TEXT_LEXICAL_WEIGHT * text_similarity + TITLE_LEXICAL_WEIGHT * title_similarity


def hubness_penalty(hubness: np.ndarray) -> np.ndarray:
    return HUBNESS_WEIGHT * (hubness - HUBNESS_BASELINE)


def score_pairs(
    pairs: Sequence[tuple[Item, Item]],
    model_dir: Path | None = None,
    index: SimilarityIndex | None = None,
) -> np.ndarray:
    """The score of each (left, right) pair, on DUPLICATE_THRESHOLD's scale.

    Word rarity and hubness come from `index` when given (a board whose items
    include the right-hand ones); otherwise all words weigh the same and the
    hubness is taken as typical. Without a model: lexical signals alone.
    """
    if not pairs:
        return np.zeros(0, dtype=np.float32)
    text_index = index.text_lexical if index is not None else LexicalIndex()
    title_index = index.title_lexical if index is not None else LexicalIndex()
    text = np.array(
        [
            text_index.pair_score(
                term_counts(left.title, left.body), term_counts(right.title, right.body)
            )
            for left, right in pairs
        ]
    )
    title = np.array(
        [
            title_index.pair_score(term_counts(left.title, ""), term_counts(right.title, ""))
            for left, right in pairs
        ]
    )
    lexical = lexical_score(text, title)
    vectors = embed([item_text(i.title, i.body) for pair in pairs for i in pair], model_dir)
    if vectors is None:
        return lexical.astype(np.float32)
    semantic = np.sum(vectors[0::2] * vectors[1::2], axis=1)
    hubness = np.array(
        [
            index.hubness_of(right.id) if index is not None else HUBNESS_BASELINE
            for _left, right in pairs
        ]
    )
    return (SEMANTIC_WEIGHT * semantic - hubness_penalty(hubness) + lexical).astype(np.float32)


class SimilarityIndex:
    """Items of one board in memory; answers "which stored items look like this?".

    Safe to share between threads. Scores are comparable with
    `duplicate_threshold`, which depends on whether the model loaded.
    Removing an item leaves its trace in its former neighbours' hubness until
    the index is rebuilt: a small, bounded error, not worth a full recompute.
    """

    def __init__(self, model_dir: Path | None = None) -> None:
        self.model_dir = model_dir
        self.uses_model = embedding.get_encoder(model_dir) is not None
        self._lock = threading.RLock()
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self.text_lexical = LexicalIndex()
            self.title_lexical = LexicalIndex()
            self._ids: list[str] = []
            self._rows: dict[str, int] = {}
            capacity = _INITIAL_CAPACITY if self.uses_model else 0
            self._vectors = np.zeros((capacity, embedding.DIMENSIONS), dtype=np.float32)
            # Each row's HUBNESS_NEIGHBOURS best cosines, ascending; -inf = none yet.
            self._neighbours = np.full((capacity, HUBNESS_NEIGHBOURS), -np.inf, dtype=np.float32)
            self._hubness = np.full(capacity, HUBNESS_BASELINE, dtype=np.float32)

    @property
    def duplicate_threshold(self) -> float:
        return DUPLICATE_THRESHOLD if self.uses_model else LEXICAL_DUPLICATE_THRESHOLD

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._rows

    def hubness_of(self, item_id: str) -> float:
        row = self._rows.get(item_id)
        return HUBNESS_BASELINE if row is None or not self.uses_model else float(self._hubness[row])

    def add(self, item: Item, vector: np.ndarray | None = None) -> None:
        """Add or replace one item; `vector` is its embedding if already computed."""
        self.add_many([item], None if vector is None else vector.reshape(1, -1))

    def add_many(self, items: Sequence[Item], vectors: np.ndarray | None = None) -> None:
        if not items:
            return
        if self.uses_model and vectors is None:
            vectors = embed_items(items, self.model_dir)
        with self._lock:
            for position, item in enumerate(items):
                self.remove(item.id)
                self.text_lexical.add(item.id, term_counts(item.title, item.body))
                self.title_lexical.add(item.id, term_counts(item.title, ""))
                row = len(self._ids)
                self._ids.append(item.id)
                self._rows[item.id] = row
                if self.uses_model:
                    self._grow(row + 1)
                    # Without a vector (the model failed): lexical evidence only.
                    vector = vectors[position] if vectors is not None else None
                    self._vectors[row] = 0.0 if vector is None else vector
                    self._update_neighbours(row)

    def load(self, items: Sequence[Item], vectors: np.ndarray, hubness: np.ndarray) -> None:
        """Bulk-load stored items with their stored embeddings and hubness.

        Computing hubness from scratch costs O(n^2); a board that keeps both
        per item restores its index in O(n). Each item's neighbour list is
        approximated by its hubness, so later additions update it sensibly.
        """
        with self._lock:
            self.clear()
            for item in items:
                self.text_lexical.add(item.id, term_counts(item.title, item.body))
                self.title_lexical.add(item.id, term_counts(item.title, ""))
                self._rows[item.id] = len(self._ids)
                self._ids.append(item.id)
            if self.uses_model:
                count = len(items)
                self._grow(count)
                self._vectors[:count] = vectors
                self._hubness[:count] = hubness
                self._neighbours[:count] = np.asarray(hubness, dtype=np.float32)[:, None]

    def remove(self, item_id: str) -> None:
        with self._lock:
            row = self._rows.pop(item_id, None)
            if row is None:
                return
            self.text_lexical.remove(item_id)
            self.title_lexical.remove(item_id)
            last = len(self._ids) - 1
            if row != last:  # move the last item into the hole
                moved = self._ids[last]
                self._ids[row] = moved
                self._rows[moved] = row
                if self.uses_model:
                    self._vectors[row] = self._vectors[last]
                    self._neighbours[row] = self._neighbours[last]
                    self._hubness[row] = self._hubness[last]
            self._ids.pop()

    def similar(
        self,
        title: str,
        body: str,
        k: int = 10,
        exclude_ids: Collection[str] = (),
        vector: np.ndarray | None = None,
    ) -> list[tuple[str, float]]:
        """Up to k (id, score) pairs, most similar first."""
        if k <= 0:
            return []
        text_counts = term_counts(title, body)
        title_counts = term_counts(title, "")
        if self.uses_model and vector is None:
            vectors = embed([item_text(title, body)], self.model_dir)
            vector = None if vectors is None else vectors[0]
        with self._lock:
            if not self._ids:
                return []
            excluded = {self._rows[i] for i in exclude_ids if i in self._rows}
            if self.uses_model and vector is not None:
                rows = self._semantic_candidates(vector, max(k, RERANK_CANDIDATES), excluded)
                semantic = self._vectors[rows] @ vector.astype(np.float32)
                semantic = SEMANTIC_WEIGHT * semantic - hubness_penalty(self._hubness[rows])
            else:
                candidate_ids = self.text_lexical.candidates(text_counts)
                rows = np.array(
                    sorted(r for r in (self._rows[i] for i in candidate_ids) if r not in excluded),
                    dtype=np.int64,
                )
                semantic = np.zeros(len(rows))
            if len(rows) == 0:
                return []
            ids = [self._ids[r] for r in rows]
            text = self.text_lexical.scores(text_counts, ids)
            titles = self.title_lexical.scores(title_counts, ids)
            scores = semantic + lexical_score(
                np.array([text[i] for i in ids]), np.array([titles[i] for i in ids])
            )
            order = np.argsort(-scores, kind="stable")[:k]
            if not self.uses_model or vector is None:
                order = [o for o in order if scores[o] > 0.0]
            return [(ids[o], float(scores[o])) for o in order]

    def _semantic_candidates(self, vector: np.ndarray, take: int, excluded: set[int]) -> np.ndarray:
        count = len(self._ids)
        corrected = self._vectors[:count] @ vector.astype(np.float32)
        corrected -= HUBNESS_WEIGHT * self._hubness[:count]
        if excluded:
            corrected[list(excluded)] = -np.inf
        take = min(take, count - len(excluded))
        if take <= 0:
            return np.zeros(0, dtype=np.int64)
        return np.argpartition(-corrected, take - 1)[:take]

    def _update_neighbours(self, row: int) -> None:
        """Fold the new row's cosines into every row's nearest-neighbour list."""
        if row == 0:
            return
        cosines = self._vectors[:row] @ self._vectors[row]
        # The new item's own neighbours.
        best = np.sort(cosines[np.argpartition(-cosines, min(HUBNESS_NEIGHBOURS, row) - 1)])
        best = best[-HUBNESS_NEIGHBOURS:]
        self._neighbours[row] = -np.inf
        self._neighbours[row, HUBNESS_NEIGHBOURS - len(best) :] = best
        # Earlier items for which the new one is among their nearest.
        changed = np.nonzero(cosines > self._neighbours[:row, 0])[0]
        if len(changed):
            lists = self._neighbours[changed]
            lists[:, 0] = cosines[changed]
            lists.sort(axis=1)
            self._neighbours[changed] = lists
        touched = np.append(changed, row)
        lists = self._neighbours[touched]
        known = np.isfinite(lists)
        self._hubness[touched] = np.where(known, lists, 0.0).sum(axis=1) / known.sum(axis=1)

    def _grow(self, needed: int) -> None:
        capacity = self._vectors.shape[0]
        if needed <= capacity:
            return
        size = max(needed, capacity * 2)
        vectors = np.zeros((size, embedding.DIMENSIONS), dtype=np.float32)
        vectors[:capacity] = self._vectors
        neighbours = np.full((size, HUBNESS_NEIGHBOURS), -np.inf, dtype=np.float32)
        neighbours[:capacity] = self._neighbours
        hubness = np.full(size, HUBNESS_BASELINE, dtype=np.float32)
        hubness[:capacity] = self._hubness
        self._vectors, self._neighbours, self._hubness = vectors, neighbours, hubness


def build_index(items: Iterable[Item], model_dir: Path | None = None) -> SimilarityIndex:
    index = SimilarityIndex(model_dir)
    index.add_many(list(items))
    return index
