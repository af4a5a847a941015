"""Full-text search of the library: a known corpus, ranking, highlights and bad queries."""

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.selectors import clean_query, highlight

from .helpers import item


def results(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return list(soup.select("ol.library li.item"))


def titles(client, url):
    return [li.h2.get_text() for li in results(client, url)]


def test_english_search_ranks_a_title_match_above_a_summary_match(client, db):
    item(title="Bicycle lanes in the old town", summary="Painted lanes and what riders said.")
    item(title="Street lighting", summary="Also useful for a bicycle at night.")
    item(title="Market fees", summary="Nothing about two wheels.")
    found = titles(client, "/en/knowledge/?q=bicycle")
    assert found == ["Bicycle lanes in the old town", "Street lighting"]


def test_french_search_finds_french_items_and_marks_the_words(client, db):
    item(
        title="Collecte des déchets à Kumasi",
        summary="Les camions de collecte passent désormais selon un calendrier public.",
        code="fr",
    )
    item(
        title="Budget participatif", summary="Une collecte d'idées auprès des habitants.", code="fr"
    )
    rows = results(client, "/fr/knowledge/?q=collecte+camions")
    assert next(row.h2.get_text() for row in rows) == "Collecte des déchets à Kumasi"
    assert "Budget participatif" in [row.h2.get_text() for row in rows]
    marks = [mark.get_text().lower() for mark in rows[0].select(".snippet mark")]
    assert "collecte" in marks and "camions" in marks


def test_the_demo_corpus_answers_in_both_languages(client, db):
    assert "Thematic brief: street addressing" in titles(client, "/en/knowledge/?q=addressing")
    assert "Note thématique : l'adressage des rues" in titles(client, "/fr/knowledge/?q=adressage")


def test_a_50000_character_query_is_cut_and_answers_quickly(client, db):
    query = "addressing " * 5000
    with CaptureQueriesContext(connection) as short:
        client.get("/en/knowledge/", {"q": "addressing"})
    with CaptureQueriesContext(connection) as long:
        response = client.get("/en/knowledge/", {"q": query[:50000]})
    assert response.status_code == 200
    assert len(long) <= len(short)
    assert len(clean_query(query)) <= 200
    assert "Thematic brief: street addressing" in titles(
        client, "/en/knowledge/?q=" + "addressing+" * 50
    )


def test_punctuation_only_is_not_a_search_and_says_so(client, db):
    response = client.get("/en/knowledge/", {"q": "!!! ??? *** \"'()"})
    assert response.status_code == 200
    assert b"punctuation alone finds nothing" in response.content
    assert len(results(client, "/en/knowledge/?q=%21%3F%2A")) == 19
    assert clean_query("!!! ??? ***") == ""


def test_search_never_shows_a_draft(client, db):
    item(title="Secret draft about bicycles", live=False)
    assert titles(client, "/en/knowledge/?q=bicycles") == []


def test_highlight_escapes_the_text_before_marking_it():
    html = highlight("<b>tax</b> & fees", "tax")
    assert html == "&lt;b&gt;<mark>tax</mark>&lt;/b&gt; &amp; fees"
