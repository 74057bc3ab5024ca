"""The Content-Security-Policy header: scripts only from Tremplin's own files."""

import pytest

from tremplin.core.middleware import content_security_policy, tile_origin


@pytest.mark.parametrize(
    ("template", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.fr/{z}/{x}/{y}.png", "https://*.tile.example.fr"),
        ("http://tuiles.intranet.local:8080/{z}/{x}/{y}.png", "http://tuiles.intranet.local:8080"),
        ("", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_the_tile_server_origin(template, origin):
    assert tile_origin(template) == origin


def test_every_page_says_where_scripts_may_come_from(client, settings):
    settings.TREMPLIN_MAP_TILES_URL = "https://{s}.tile.example.fr/{z}/{x}/{y}.png"
    for url in ("/compte/connexion/", "/espace/", "/page-qui-n-existe-pas/"):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.split(" ", 1) for part in policy.split("; "))
        assert directives["script-src"] == "'self'", url
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "https://*.tile.example.fr" in directives["img-src"]
    assert "unsafe-eval" not in content_security_policy()
