"""`groundswell dupes --stdio`: the duplicate engine behind a JSON-lines protocol.

Speaks the protocol of ../shared/dupes/README.md (reset, prepare, query, add),
one response line per request line, so the evaluation scores exactly the
engine, model and settings that the web application uses. Needs no database.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from groundswell.duplicates.engine import Item, SimilarityIndex, embed_items


class StdioSession:
    """One detector: the board's index plus embeddings computed by `prepare`."""

    def __init__(self) -> None:
        self.index = SimilarityIndex()
        self.prepared: dict[str, np.ndarray] = {}

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if op == "reset":
            self.index.clear()
            self.prepared = {}
            return {"ok": True}
        if op == "prepare":
            # Per-item work only: each item's embedding, computed in batches.
            items = [parse_item(raw) for raw in request.get("items", [])]
            vectors = embed_items(items) if self.index.uses_model else None
            if vectors is not None:
                self.prepared = {item.id: vectors[n] for n, item in enumerate(items)}
            return {"ok": True}
        if op == "query":
            item = parse_item(request["item"])
            results = self.index.similar(
                item.title,
                item.body,
                k=int(request.get("k", 10)),
                exclude_ids={item.id},
                vector=self.prepared.get(item.id),
            )
            return {"results": [{"id": i, "score": round(s, 6)} for i, s in results]}
        if op == "add":
            item = parse_item(request["item"])
            self.index.add(item, self.prepared.pop(item.id, None))
            return {"ok": True}
        return {"error": f"unknown op {op!r}"}


def parse_item(raw: dict[str, Any]) -> Item:
    return Item(
        id=str(raw["id"]), title=str(raw.get("title") or ""), body=str(raw.get("body") or "")
    )


def serve(stdin: TextIO, stdout: TextIO) -> None:
    session = StdioSession()
    for line in stdin:
        if not line.strip():
            continue
        try:
            response = session.handle(json.loads(line))
        except (ValueError, KeyError, TypeError) as error:
            response = {"error": f"bad request: {error}"}
        stdout.write(json.dumps(response) + "\n")
        stdout.flush()


class Command(BaseCommand):
    help = (
        "Duplicate detection over JSON lines on stdin/stdout (protocol: ../shared/dupes/README.md)."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--stdio", action="store_true", help="speak JSON lines on stdio")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["stdio"]:
            raise CommandError("Only --stdio is supported: groundswell dupes --stdio")
        serve(sys.stdin, sys.stdout)
