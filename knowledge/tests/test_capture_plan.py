"""The capture plan: costs, refusals, the calendar and the coverage map."""

from decimal import Decimal

from bs4 import BeautifulSoup
from django.urls import reverse

from knowledge.models import CapturePlanEntry
from knowledge.selectors import calendar, coverage


def entry_form(**overrides):
    data = {
        "what": "Video on waste pickers",
        "why": "Show who keeps the city clean",
        "area": "application",
        "theme": "",
        "city": "",
        "method": "interview",
        "format": "video",
        "channel": "social",
        "owner_role": "expert",
        "due_date": "2022-09-15",
        "days": "2.5",
        "day_rate": "750",
    }
    data.update(overrides)
    return data


def test_cost_is_days_times_the_day_rate_default_750(db):
    entry = CapturePlanEntry(days=Decimal("2.5"))
    assert entry.day_rate == Decimal(750)
    assert entry.cost == Decimal("1875.0")


def test_the_secretariat_adds_an_entry_and_the_listing_shows_its_cost(login):
    client = login("secretariat")
    response = client.post(reverse("wagtailsnippets_knowledge_captureplanentry:add"), entry_form())
    assert response.status_code == 302
    entry = CapturePlanEntry.objects.get(what="Video on waste pickers")
    assert entry.cost == Decimal("1875")
    listing = client.get(reverse("wagtailsnippets_knowledge_captureplanentry:list"))
    assert "1,875" in listing.content.decode()  # grouped, not 1875.000


def test_negative_days_are_refused_and_nothing_is_saved(login):
    client = login("secretariat")
    count = CapturePlanEntry.objects.count()
    response = client.post(
        reverse("wagtailsnippets_knowledge_captureplanentry:add"), entry_form(days="-1")
    )
    assert response.status_code == 200
    assert "Person-days cannot be negative." in response.content.decode()
    assert CapturePlanEntry.objects.count() == count
    entry = CapturePlanEntry.objects.first()
    days = entry.days
    client.post(
        reverse("wagtailsnippets_knowledge_captureplanentry:edit", args=[entry.pk]),
        entry_form(what=entry.what, days="-3"),
    )
    entry.refresh_from_db()
    assert entry.days == days


def test_only_the_secretariat_reaches_the_plan(login):
    for persona in ("bamako", "expert"):
        response = login(persona).get(reverse("wagtailsnippets_knowledge_captureplanentry:list"))
        assert response.status_code == 302


def test_the_calendar_groups_entries_by_month_with_totals(login):
    months = calendar()
    assert [m["month"].month for m in months] == sorted(m["month"].month for m in months)
    march = next(m for m in months if m["month"].isoformat() == "2022-03-01")
    assert march["days"] == Decimal(7) and march["cost"] == Decimal(5250)
    soup = BeautifulSoup(
        login("secretariat").get(reverse("knowledge_calendar")).content, "html.parser"
    )
    assert "March 2022" in [h.get_text() for h in soup.find_all("h3")]


def test_the_coverage_map_counts_planned_captured_published_and_shows_gaps(login):
    data = coverage()
    names = [city.name for city in data["cities"]]
    row = next(r for r in data["rows"] if r["label"] == "City stories")
    kumasi = row["cells"][names.index("Kumasi")]
    assert kumasi["planned"] == 1 and kumasi["published"] == 1 and not kumasi["gap"]
    waste = next(r for r in data["rows"] if r["label"] == "Waste management and cleanliness")
    assert waste["cells"][names.index("Bamako")]["gap"]
    assert data["gaps"] > 0
    soup = BeautifulSoup(
        login("secretariat").get(reverse("knowledge_coverage")).content, "html.parser"
    )
    assert len(soup.select("td.gap")) == data["gaps"]
