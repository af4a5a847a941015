"""The Atom feed, an item's PDF and the strategy's PDF, read back."""

import io

from bs4 import BeautifulSoup
from pypdf import PdfReader


def pdf_text(content) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_atom_feed_lists_the_librarys_language(client, db):
    response = client.get("/fr/knowledge/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Cinq choses que nous aurions aimé savoir" in body
    assert "Five things we wish we had known" not in body
    assert (
        "http://testserver/fr/knowledge/five-things/" in body
        or "/fr/knowledge/five-things/" in body
    )


def test_an_item_prints_as_a_pdf_with_its_text(client, db):
    response = client.get("/en/knowledge/onboarding-cities/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Case study: welcoming eleven cities into a network" in text
    assert "Keep selection close to the start" in text


def test_the_strategy_pdf_has_its_four_parts_and_the_plans_cost(login):
    from knowledge.selectors import strategy_context

    client = login("secretariat")
    response = client.get("/admin/knowledge/strategy.pdf")
    # Drawn by a task: the secretariat lands on its page, whose link gives the file.
    assert response.status_code == 302
    task_page = client.get(response["Location"])
    assert task_page.status_code == 200
    link = BeautifulSoup(task_page.content, "html.parser").select_one("a[href$='/file/']")
    download = client.get(link["href"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(download.streaming_content))
    for part in (
        "1. What to capture and why",
        "2. How to capture it",
        "3. Sharing formats and channels",
        "4. Calendar, roles and resources",
    ):
        assert part in text
    total = strategy_context()["total_cost"]
    assert f"{int(total):,}" in text
    assert "Episode on the first cycle" in text


def test_only_the_secretariat_reads_the_strategy(login):
    for persona in ("bamako", "expert"):
        response = login(persona).get("/admin/knowledge/strategy.pdf")
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
