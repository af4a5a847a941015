"""Text answers are compressed (gzip, or brotli when asked), with the headers a cache needs; the
ETag, CSP nonce and content survive compression."""

import gzip

import brotli

from baobab.tests.test_security_headers import directives
from experiments.models import Pilot


def test_html_and_json_are_gzipped_when_the_client_accepts_it(client, db):
    for path in ("/en/cities/", "/api/cities?page_size=50"):
        plain = client.get(path)
        packed = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate")
        assert packed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
        assert "Content-Encoding" not in plain
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content) / 2
        assert int(packed["Content-Length"]) == len(packed.content)


def test_brotli_when_the_client_asks_for_it(client, db):
    plain = client.get("/en/programme/")
    packed = client.get("/en/programme/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "br"
    assert brotli.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in packed["Vary"]


def test_a_compressed_page_has_a_weak_etag_that_still_answers_304(client, db):
    plain = client.get("/en/cities/")
    for encoding in ("gzip", "br"):
        packed = client.get("/en/cities/", HTTP_ACCEPT_ENCODING=encoding)
        # Django's rule: other bytes, so the strong ETag becomes weak (RFC 9110, 8.8.1).
        assert packed["ETag"] == "W/" + plain["ETag"]
        again = client.get(
            "/en/cities/", HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=packed["ETag"]
        )
        assert again.status_code == 304


def test_the_admins_nonce_survives_compression(secretariat_client):
    pilot = Pilot.objects.filter(indicators__isnull=False).first()
    response = secretariat_client.get(
        f"/admin/snippets/experiments/pilot/edit/{pilot.pk}/", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response["Content-Encoding"] == "gzip"
    nonce = directives(response)["script-src"][1].removeprefix("'nonce-").removesuffix("'")
    assert f'<script nonce="{nonce}">' in gzip.decompress(response.content).decode()


def test_streamed_files_are_left_to_whitenoise(client, db):
    # Static files and documents are streamed; WhiteNoise serves its own precompressed copies
    # (none outside production, where collectstatic makes them).
    response = client.get("/static/website/africa.svg", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200 and response.streaming
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content).lstrip().startswith((b"<svg", b"<?xml"))
