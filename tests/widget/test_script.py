"""/widget.js: the one script tag, a small hand-written file any site may load."""


def test_widget_script_is_served_to_any_site(client):
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in response["Cache-Control"]
    source = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"postMessage" in source and b'"Feedback"' in source
    assert len(source) < 8000
