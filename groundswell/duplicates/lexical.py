"""Lexical similarity: TF-IDF cosine over words, with document frequencies
counted over the items of one index as they are added.

Used two ways: to rescore the nearest neighbours found by embeddings (shared
rare words such as class names and error messages are strong evidence that
the embedding alone under-weights), and on its own when the model cannot load.
Imports nothing from Django.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

WORD = re.compile(r"[a-z0-9]+")
# Short and general on purpose: IDF already discounts what is common on a board.
STOP_WORDS = frozenset(
    "a an and are as at be but by can for from if in is it no not of on or "
    "that the this to was we were when with you".split()
)
# In the fallback, a query looks only at items sharing one of its rarest words.
FALLBACK_QUERY_WORDS = 24


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if len(w) > 1 and w not in STOP_WORDS]


def term_counts(title: str, body: str) -> Counter[str]:
    return Counter(words(title)) + Counter(words(body))


class LexicalIndex:
    """Term counts per item, document frequencies and postings for one board."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {}
        self.document_frequency: Counter[str] = Counter()
        self.postings: defaultdict[str, set[str]] = defaultdict(set)
        # Each item's TF-IDF norm, valid until the next add or remove changes the idf.
        self._norms: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self.counts)

    def add(self, item_id: str, counts: Counter[str]) -> None:
        if item_id in self.counts:
            self.remove(item_id)
        self._norms.clear()
        self.counts[item_id] = counts
        for term in counts:
            self.document_frequency[term] += 1
            self.postings[term].add(item_id)

    def remove(self, item_id: str) -> None:
        counts = self.counts.pop(item_id, None)
        if counts is None:
            return
        self._norms.clear()
        for term in counts:
            self.document_frequency[term] -= 1
            if self.document_frequency[term] <= 0:
                del self.document_frequency[term]
            self.postings[term].discard(item_id)
            if not self.postings[term]:
                del self.postings[term]

    def idf(self, term: str) -> float:
        n = len(self.counts)
        return math.log((n + 1) / (self.document_frequency.get(term, 0) + 1)) + 1.0

    def vector(self, counts: Counter[str]) -> dict[str, float]:
        """Unit-length TF-IDF vector with sublinear term frequency."""
        weights = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        if norm == 0.0:
            return {}
        return {t: w / norm for t, w in weights.items()}

    def scores(self, query: Counter[str], item_ids: Iterable[str]) -> dict[str, float]:
        """Cosine between the query and each of the given items (0 to 1).

        Only the query's terms are weighted per item; each item's norm is cached,
        so a query costs its own words, not every word of every candidate.
        """
        query_vector = self.vector(query)
        result: dict[str, float] = {}
        for item_id in item_ids:
            counts = self.counts.get(item_id)
            if counts is None or not query_vector:
                result[item_id] = 0.0
                continue
            norm = self._norm(item_id, counts)
            if norm == 0.0:
                result[item_id] = 0.0
                continue
            result[item_id] = sum(
                w * ((1.0 + math.log(counts[t])) * self.idf(t) / norm if t in counts else 0.0)
                for t, w in query_vector.items()
            )
        return result

    def _norm(self, item_id: str, counts: Counter[str]) -> float:
        norm = self._norms.get(item_id)
        if norm is None:
            weights = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items()}
            norm = self._norms[item_id] = math.sqrt(sum(w * w for w in weights.values()))
        return norm

    def pair_score(self, left: Counter[str], right: Counter[str]) -> float:
        left_vector, right_vector = self.vector(left), self.vector(right)
        return sum(w * right_vector.get(t, 0.0) for t, w in left_vector.items())

    def candidates(self, query: Counter[str]) -> set[str]:
        """Items sharing at least one of the query's rarest words."""
        known = [t for t in query if t in self.postings]
        known.sort(key=lambda t: self.document_frequency[t])
        found: set[str] = set()
        for term in known[:FALLBACK_QUERY_WORDS]:
            found |= self.postings[term]
        return found
