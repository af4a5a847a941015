"""Every PDF is fit to hand to a mayor: it declares its language, carries the network's name,
the date, the licence and the page's real address (BASE_URL, through the Site), and arrives
with a file name."""

import io

import pytest
from bs4 import BeautifulSoup
from django.utils import formats, timezone, translation
from pypdf import PdfReader

PUBLIC_PDFS = [
    ("/{lang}/knowledge/first-cycle/pdf/", "/{lang}/knowledge/first-cycle/", "first-cycle.pdf"),
    ("/{lang}/roadmaps/bamako/pdf/", "/{lang}/roadmaps/bamako/", "roadmap-bamako.pdf"),
    ("/{lang}/impact/sheet/", "/{lang}/impact/", "aston-key-figures.pdf"),
]


def _pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def _today(lang):
    with translation.override(lang):
        return formats.date_format(timezone.localdate(), "DATE_FORMAT")


@pytest.mark.parametrize("lang", ["en", "fr", "pt"])
@pytest.mark.parametrize(("path", "address", "filename"), PUBLIC_PDFS)
def test_public_pdf_carries_language_network_date_licence_and_address(
    client, aston, settings, lang, path, address, filename
):
    response = client.get(path.format(lang=lang))
    reader, text = _pdf(response)
    assert response["Content-Disposition"] == f'inline; filename="{filename}"'
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert aston.name in text
    assert _today(lang) in text
    assert "CC BY 4.0" in text
    # Long addresses wrap at a line end: compare without spaces.
    assert (settings.WAGTAILADMIN_BASE_URL + address.format(lang=lang)) in text.replace(" ", "")
    assert "localhost" not in text


def test_strategy_pdf_declares_its_language_and_carries_the_colophon(login, aston, settings):
    client = login("secretariat")
    asked = client.get("/admin/knowledge/strategy.pdf", HTTP_ACCEPT_LANGUAGE="fr")
    # Drawn by a task: its page links to the file.
    task_page = BeautifulSoup(client.get(asked["Location"]).content, "html.parser")
    response = client.get(task_page.select_one("a[href$='/file/']")["href"])
    reader, text = _pdf(response)
    assert "filename=" in response["Content-Disposition"]
    assert reader.trailer["/Root"].get("/Lang")
    assert aston.name in text
    assert "CC BY 4.0" in text
    assert settings.WAGTAILADMIN_BASE_URL + "/admin/knowledge/strategy/" in text.replace(" ", "")


def test_roadmap_timeline_prints_in_colour(client, db):
    from django.template.loader import render_to_string

    from roadmap.documents import roadmap_pdf  # noqa: F401  (the template is what is checked)
    from roadmap.models import RoadmapIndexPage
    from roadmap.selectors import city_roadmap_context

    page = RoadmapIndexPage.objects.live().filter(locale__language_code="en").first()
    context = city_roadmap_context(page=page, city_slug="bamako")
    html = render_to_string("roadmap/city_roadmap_pdf.html", {**context, "language": "en"})
    svg = html[html.index("<svg") : html.index("</svg>")]
    # WeasyPrint paints an SVG shape from its own attributes; without a fill it is black.
    assert svg.count("<rect") == len(context["timeline"]["bars"])
    assert svg.count('fill="#') >= svg.count("<rect")
    assert 'fill="#000' not in svg
