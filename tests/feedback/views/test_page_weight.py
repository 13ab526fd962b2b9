"""The board page with its stylesheet and scripts weighs at most 60 KB compressed."""

import gzip
import re

from django.contrib.staticfiles import finders
from django.test import Client

from groundswell.feedback import services

BUDGET = 60 * 1024


def test_board_page_with_assets_fits_the_budget(board, carol):
    for n in range(20):
        services.create_idea(board, carol, f"A realistic idea title number {n}", "Some details")
    html = Client().get(f"/acme/boards/{board.slug}/").content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert any(a.endswith(b".css") for a in assets) and any(a.endswith(b".js") for a in assets)
    total = len(gzip.compress(html))
    for asset in assets:
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as file:
            total += len(gzip.compress(file.read()))
    assert total <= BUDGET, f"board page weighs {total} bytes compressed"
