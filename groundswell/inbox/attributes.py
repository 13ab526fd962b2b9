"""Custom attributes that channels attach to people and companies (the widget's
identify token, the API, CSV imports): what may be stored, checked in one place.

Attributes are a JSON object of at most MAX_LENGTH characters. Its text may not
hold NUL characters or unpaired surrogates, which PostgreSQL's jsonb refuses.
"""

import json
import re

MAX_LENGTH = 4096  # characters of JSON
UNSTORABLE_TEXT = re.compile("[\x00\ud800-\udfff]")


class BadAttributes(ValueError):
    pass


def storable(text: str) -> bool:
    return not UNSTORABLE_TEXT.search(text)


def check_storable(text: str) -> str:
    """A validator for schemas: the text, or ValueError saying what it may not hold."""
    if not storable(text):
        raise ValueError("Text may not contain NUL characters or unpaired surrogates.")
    return text


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def check_attributes(value: object) -> dict:
    """The attributes if they may be stored; otherwise BadAttributes saying why."""
    if not isinstance(value, dict):
        raise BadAttributes("must be a JSON object")
    if len(json.dumps(value)) > MAX_LENGTH:
        raise BadAttributes(f"may hold at most {MAX_LENGTH} characters of JSON")
    if not all(storable(text) for text in _texts(value)):
        raise BadAttributes("may not contain NUL characters or unpaired surrogates")
    return value
