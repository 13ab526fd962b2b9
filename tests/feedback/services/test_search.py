from groundswell.feedback import services
from groundswell.feedback.queries import list_ideas


def titles(page):
    return {idea.title for idea in page.ideas}


def test_search_finds_words_in_title_and_body(board, carol):
    services.create_idea(board, carol, "Dark mode", "A theme for the night")
    services.create_idea(board, carol, "Export to CSV", "Spreadsheets for finance")
    assert titles(list_ideas(board.ideas.all(), search="dark")) == {"Dark mode"}
    assert titles(list_ideas(board.ideas.all(), search="spreadsheet")) == {"Export to CSV"}


def test_search_matches_prefixes_and_follows_edits(board, carol, alice):
    idea = services.create_idea(board, carol, "Keyboard shortcuts")
    assert titles(list_ideas(board.ideas.all(), search="keyb")) == {"Keyboard shortcuts"}
    services.update_idea(idea, alice, title="Hotkeys", body="")
    assert titles(list_ideas(board.ideas.all(), search="keyboard")) == set()
    assert titles(list_ideas(board.ideas.all(), search="hotkeys")) == {"Hotkeys"}


def test_search_input_with_query_syntax_is_harmless(board, carol):
    services.create_idea(board, carol, "Dark mode")
    for text in ['"', "dark OR", "NEAR(", "*", "'); drop table", "dark & | !"]:
        list_ideas(board.ideas.all(), search=text)


def test_search_stays_within_the_given_ideas(board, carol, other_workspace):
    services.create_idea(board, carol, "Globex plan copy")
    found = list_ideas(board.ideas.all(), search="globex")
    assert titles(found) == {"Globex plan copy"}
