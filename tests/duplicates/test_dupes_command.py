"""`groundswell dupes --stdio` speaks the evaluation protocol over real pipes."""

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def detector():
    env = {**os.environ, "GROUNDSWELL_TESTING": "true", "DATABASE_URL": "sqlite:///nonexistent/x"}
    process = subprocess.Popen(
        [sys.executable, "-m", "groundswell", "dupes", "--stdio"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
        env=env,
    )

    def call(message: dict) -> dict:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(message) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    yield call
    assert process.stdin is not None
    process.stdin.close()
    assert process.wait(timeout=30) == 0


def item(item_id: str, title: str, body: str = "") -> dict:
    return {"id": item_id, "title": title, "body": body}


def test_round_trip_over_stdio(detector) -> None:
    board = [
        item("a", "Dark mode", "too bright at night"),
        item("b", "Export to CSV", "spreadsheet of all ideas"),
        item("c", "Night theme", "a darker colour scheme please"),
    ]
    assert detector({"op": "reset"}) == {"ok": True}
    assert detector({"op": "prepare", "items": board}) == {"ok": True}
    assert detector({"op": "query", "k": 10, "item": board[0]}) == {"results": []}
    assert detector({"op": "add", "item": board[0]}) == {"ok": True}
    assert detector({"op": "add", "item": board[1]}) == {"ok": True}

    results = detector({"op": "query", "k": 10, "item": board[2]})["results"]

    assert [r["id"] for r in results] == ["a", "b"]
    assert results[0]["score"] > results[1]["score"]


def test_reset_starts_an_empty_board(detector) -> None:
    detector({"op": "reset"})
    detector({"op": "add", "item": item("x", "Dark mode")})
    detector({"op": "reset"})

    assert detector({"op": "query", "k": 5, "item": item("y", "Dark mode")}) == {"results": []}


def test_query_without_prepare_and_a_bad_request(detector) -> None:
    detector({"op": "reset"})
    detector({"op": "add", "item": item("x", "Slack notifications", "post to our channel")})

    results = detector({"op": "query", "k": 1, "item": item("y", "Slack alerts")})["results"]
    bad = detector({"op": "query"})

    assert [r["id"] for r in results] == ["x"]
    assert "error" in bad
