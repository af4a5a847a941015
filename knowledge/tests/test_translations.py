"""The secretariat's translation overview: which languages exist, which are out of date."""

from bs4 import BeautifulSoup
from django.urls import reverse

from knowledge.models import KnowledgeItemPage
from knowledge.selectors import translations_overview


def states(slug):
    row = next(r for r in translations_overview()["rows"] if r["source"].slug == slug)
    return {cell["code"]: cell["state"] for cell in row["cells"]}


def test_each_item_says_per_language_missing_current_or_out_of_date(db):
    assert states("five-things") == {"en": "source", "fr": "current", "pt": "current"}
    assert states("critical-friends") == {"en": "missing", "fr": "source", "pt": "missing"}
    # The demo revised the English original after translating it.
    assert states("onboarding-cities") == {"en": "source", "fr": "stale", "pt": "missing"}


def test_changing_the_source_makes_its_translations_out_of_date(db):
    source = KnowledgeItemPage.objects.get(slug="five-things", locale__language_code="en")
    source.summary = "Revised summary."
    source.save_revision().publish()
    assert states("five-things") == {"en": "source", "fr": "stale", "pt": "stale"}
    french = source.get_translation(source.locale.__class__.objects.get(language_code="fr"))
    french.specific.save_revision().publish()
    assert states("five-things")["fr"] == "current"


def test_the_overview_page_is_the_secretariats(login):
    response = login("secretariat").get(reverse("knowledge_translations"))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select('td[data-state="stale"]')
    assert login("bamako").get(reverse("knowledge_translations")).status_code == 302
