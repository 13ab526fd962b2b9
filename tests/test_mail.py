from groundswell.mail import render_email


def test_plain_text_parts_are_not_html_escaped_but_html_is(db):
    context = {
        "workspace_name": "O'Brien & Sons",
        "inviter_name": "<b>Liam</b>",
        "role": "member",
        "accept_url": "https://feedback.example/accept",
    }
    subject, text, html = render_email("invitation", context)
    assert "O'Brien & Sons" in subject and "O'Brien & Sons" in text
    assert "&#x27;" not in subject + text and "&amp;" not in subject + text
    assert "<b>Liam</b>" not in html
    assert "&lt;b&gt;Liam&lt;/b&gt;" in html
