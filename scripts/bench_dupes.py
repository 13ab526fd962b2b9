"""Latency of one similarity query over 100,000 stored embeddings.

Times SimilarityIndex.similar with a precomputed query vector (the matrix
product, the hubness-corrected top candidates and the lexical rescoring);
embedding the query text is timed separately. Prints p50 and p95.

    .venv/bin/python scripts/bench_dupes.py [--items 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from groundswell.duplicates.engine import Item, SimilarityIndex, embed

WORDS = (
    "dark mode export csv slack login crash editor search board vote idea mobile "
    "notification email theme night spreadsheet sso saml api webhook roadmap"
).split()


def percentiles(samples: list[float]) -> str:
    p50, p95 = np.percentile(np.array(samples) * 1000.0, [50, 95])
    return f"p50={p50:.1f} ms  p95={p95:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(args.items, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    items = [
        Item(str(n), " ".join(rng.choice(WORDS, 4)), " ".join(rng.choice(WORDS, 30)))
        for n in range(args.items)
    ]
    index = SimilarityIndex()
    if not index.uses_model:
        raise SystemExit("the model did not load; this benchmark measures the model path")
    started = time.perf_counter()
    index.load(items, vectors, rng.uniform(0.3, 0.7, args.items).astype(np.float32))
    print(f"built an index of {len(index)} items in {time.perf_counter() - started:.1f} s")

    queries = rng.normal(size=(args.queries, 384)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    search: list[float] = []
    for n, query in enumerate(queries):
        title, body = " ".join(rng.choice(WORDS, 4)), " ".join(rng.choice(WORDS, 30))
        started = time.perf_counter()
        index.similar(title, body, k=10, exclude_ids={str(n)}, vector=query)
        search.append(time.perf_counter() - started)
    print(f"similar() over {len(index)} embeddings: {percentiles(search)}")

    encode: list[float] = []
    for _ in range(min(50, args.queries)):
        started = time.perf_counter()
        embed(["Dark mode for the board, the page is too bright at night " * 3])
        encode.append(time.perf_counter() - started)
    print(f"embedding one query text:           {percentiles(encode)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
