"""Uploads: a size cap enforced before the body is read; the content must match the
extension; SVG and HTML are never documents; private documents are never served from media."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, name, content, **extra):
    data = {
        "title": name,
        "file": SimpleUploadedFile(name, content),
        "collection": Collection.get_first_root_node().pk,
    }
    return client.post(reverse("wagtaildocs:add"), data, **extra)


def test_a_matching_pdf_is_accepted(secretariat_client):
    response = upload(secretariat_client, "baseline.pdf", PDF)
    assert response.status_code == 302
    assert Document.objects.filter(title="baseline.pdf").exists()


def test_a_50_mb_upload_is_refused_before_it_is_read(secretariat_client):
    count = Document.objects.count()
    big = b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024)
    response = upload(secretariat_client, "huge.pdf", big)
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert Document.objects.count() == count


def test_an_upload_without_a_declared_length_stops_at_the_cap(secretariat_client, settings):
    # The stream handler counts bytes as they arrive: a body whose length header is missing or
    # lies is stopped at the cap too.
    settings.BAOBAB_UPLOAD_MAX_BYTES = 64 * 1024
    count = Document.objects.count()
    response = upload(secretariat_client, "big.pdf", PDF + b"0" * (200 * 1024))
    assert response.status_code == 200
    assert Document.objects.count() == count


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", HTML, "not a .pdf file"),
        ("plan.docx", PDF, "not a .docx file"),
        ("figures.xlsx", b"name,population\nBamako,2800000\n", "not a .xlsx file"),
        ("notes.txt", HTML, "not plain text"),
        ("data.csv", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "not plain"),
        ("notes.txt", PDF, "not plain text"),
    ],
)
def test_content_that_does_not_match_its_extension_is_refused(
    secretariat_client, name, content, message
):
    count = Document.objects.count()
    response = upload(secretariat_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Document.objects.count() == count


@pytest.mark.parametrize("name", ["map.svg", "page.html", "page.htm", "script.js"])
def test_svg_and_html_are_never_documents(secretariat_client, name):
    count = Document.objects.count()
    response = upload(secretariat_client, name, HTML)
    assert response.status_code == 200
    assert "is not allowed" in response.content.decode()
    assert Document.objects.count() == count


def test_the_multiple_uploader_checks_content_too(secretariat_client):
    count = Document.objects.count()
    response = secretariat_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("report.pdf", HTML)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["success"] is False
    assert Document.objects.count() == count


def test_an_html_file_renamed_as_an_image_is_refused(secretariat_client):
    count = Image.objects.count()
    response = secretariat_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "photo",
            "file": SimpleUploadedFile("photo.png", HTML),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert Image.objects.count() == count


def test_plain_text_is_accepted(secretariat_client):
    text = "city,population\nSèmè-Podji,222701\n".encode()
    assert upload(secretariat_client, "cities.csv", text).status_code == 302


def test_a_private_document_is_served_only_to_who_may_see_it(secretariat_client):
    from django.test import Client

    client = Client()
    root = Collection.get_first_root_node()
    private = root.add_child(name="Secretariat only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = Document(title="Budget", collection=private)
    document.file.save("budget.pdf", io.BytesIO(PDF), save=False)
    document.save()

    # Its address is Wagtail's serving view, never the media folder.
    assert document.url.startswith("/documents/")
    anonymous = client.get(document.url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert client.get(f"/media/{document.file.name}").status_code == 404
    served = secretariat_client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF


def _png() -> bytes:
    from PIL import Image as PillowImage

    out = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (200, 120, 40)).save(out, format="PNG")
    return out.getvalue()


CORRUPT_IMAGES = {
    "gif-then-junk.gif": b"GIF89a" + b"\x00junk" * 200,
    "cut-short.png": _png()[:40],
}


@pytest.mark.parametrize("name", sorted(CORRUPT_IMAGES))
def test_a_corrupt_image_is_refused_not_a_500(secretariat_client, name):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.cookies = secretariat_client.cookies
    count = Image.objects.count()
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, CORRUPT_IMAGES[name]),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert "This file is not a valid image" in response.content.decode()
    assert Image.objects.count() == count
    multiple = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, CORRUPT_IMAGES[name])},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert multiple.status_code == 200
    assert multiple.json()["success"] is False
    assert Image.objects.count() == count


def test_the_refusal_of_a_corrupt_image_is_in_the_users_language():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from network.uploads import image_content_check

    for language, words in (("fr", "image valide"), ("pt", "imagem válida")):
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                image_content_check(SimpleUploadedFile("cut.png", CORRUPT_IMAGES["cut-short.png"]))
            assert words in error.value.messages[0]


def test_a_whole_image_is_accepted(secretariat_client):
    response = secretariat_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "whole",
            "file": SimpleUploadedFile("whole.png", _png()),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    assert Image.objects.filter(title="whole").exists()
