"""Why two ideas look alike, for people: the sentences of each that share the rarest
words, and those words highlighted.

Imports nothing from Django but its HTML helpers.
"""

import math
import re
from collections.abc import Callable

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from groundswell.duplicates.lexical import words

MAX_PASSAGES = 3
MAX_PASSAGE_CHARS = 300
# A sentence ends at . ! or ? followed by a space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD_IN_TEXT = re.compile(r"[a-z0-9]+", re.IGNORECASE)


def _sentences(title: str, body: str) -> list[str]:
    found = [title.strip()]
    found += [part.strip() for part in _SENTENCE_END.split(body)]
    return [sentence[:MAX_PASSAGE_CHARS] for sentence in found if words(sentence)]


def _default_idf(_term: str) -> float:
    return 1.0


def matching_passages(
    left: tuple[str, str],
    right: tuple[str, str],
    idf: Callable[[str], float] = _default_idf,
) -> list[list[str]]:
    """Up to MAX_PASSAGES [from left, from right] sentence pairs, best first.

    `left` and `right` are (title, body). A pair's weight is the summed rarity (`idf`,
    e.g. a board's LexicalIndex.idf) of the words both sentences contain; each
    sentence is used once at most, and pairs sharing nothing are left out.
    """
    left_sentences = [(s, set(words(s))) for s in _sentences(*left)]
    right_sentences = [(s, set(words(s))) for s in _sentences(*right)]
    weighted = []
    for i, (_, left_words) in enumerate(left_sentences):
        for j, (_, right_words) in enumerate(right_sentences):
            shared = left_words & right_words
            if shared:
                weight = sum(idf(term) for term in shared) / math.sqrt(
                    len(left_words) * len(right_words)
                )
                weighted.append((weight, i, j))
    weighted.sort(key=lambda item: (-item[0], item[1], item[2]))
    chosen: list[list[str]] = []
    used_left: set[int] = set()
    used_right: set[int] = set()
    for _, i, j in weighted:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        chosen.append([left_sentences[i][0], right_sentences[j][0]])
        if len(chosen) == MAX_PASSAGES:
            break
    return chosen


def highlight_shared(text: str, other: str) -> SafeString:
    """`text`, HTML-escaped, with the words it shares with `other` wrapped in <mark>."""
    shared = set(words(text)) & set(words(other))
    marked = []  # (text before the word, the word)
    position = 0
    for match in _WORD_IN_TEXT.finditer(text):
        if match.group().lower() in shared:
            marked.append((text[position : match.start()], match.group()))
            position = match.end()
    # format_html* escape every argument: user text never reaches the page raw.
    return format_html("{}{}", format_html_join("", "{}<mark>{}</mark>", marked), text[position:])
