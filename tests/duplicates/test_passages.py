"""Matching passages: the sentences two ideas share rare words in, and their highlight."""

from groundswell.duplicates.passages import MAX_PASSAGES, highlight_shared, matching_passages


def test_the_sentences_sharing_the_rarest_words_are_paired():
    passages = matching_passages(
        ("Dark mode", "I work at night. The white background hurts my eyes. Thanks!"),
        ("Night theme", "Please add a dark mode. My eyes hurt from the white background."),
    )
    assert passages[0] == [
        "The white background hurts my eyes.",
        "My eyes hurt from the white background.",
    ]
    assert ["Dark mode", "Please add a dark mode."] in passages
    assert len(passages) <= MAX_PASSAGES


def test_rarer_words_weigh_more():
    rare = {"nullpointerexception": 5.0}
    passages = matching_passages(
        ("Crash", "The app crashes. It shows NullPointerException on save."),
        ("Saving fails", "The app crashes often. NullPointerException when I save a file."),
        idf=lambda term: rare.get(term, 1.0),
    )
    assert passages[0] == [
        "It shows NullPointerException on save.",
        "NullPointerException when I save a file.",
    ]


def test_each_sentence_is_used_once_and_unrelated_text_gives_nothing():
    passages = matching_passages(("Dark mode", ""), ("Dark mode", "Dark mode please"))
    assert passages == [["Dark mode", "Dark mode"]]
    assert matching_passages(("Export CSV", ""), ("Dark theme", "")) == []


def test_highlight_escapes_user_text_and_marks_shared_words():
    html = highlight_shared("<script>alert(1)</script> dark mode", "Dark <b>mode</b>")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>dark</mark> <mark>mode</mark>" in html


def test_highlight_marks_nothing_inside_entities():
    html = highlight_shared("Tom & Jerry", "amp lt gt quot")
    assert html == "Tom &amp; Jerry"
