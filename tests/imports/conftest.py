"""Helpers for the import tests: fixture paths and CSV files built in the test."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
