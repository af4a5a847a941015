"""One publication rule per membership state, applied by every outlet: pages, calendars, the
API, open data, the IATI file and the key figures (network.selectors.public_memberships)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from experiments.models import Pilot
from impact import selectors as impact_selectors
from impact.models import ReuseRecord
from knowledge.tests.helpers import item
from learning.models import Event
from network import selectors
from network.models import City, Membership, Theme
from programme.models import CityDeliverable, Deliverable
from roadmap.models import Roadmap
from website.models import CityIndexPage, CityPage

TODAY = timezone.localdate()
PAST = datetime.date(2020, 1, 15)

# name: (status, public_since, public?, counted as a current member?)
STATES = {
    "selectedville": ("selected", None, False, False),
    "confirmedville": ("confirmed", None, False, False),
    "soonville": ("confirmed", TODAY + datetime.timedelta(days=30), False, False),
    "announcedville": ("confirmed", PAST, True, True),
    "activeville": ("active", None, True, True),
    "leftville": ("withdrawn", PAST, True, False),
    "quietleftville": ("withdrawn", None, False, False),
}


def _city_with_work(network, slug, status, public_since):
    city = City.objects.create(
        name=slug.title(),
        slug=slug,
        country="ML",
        population=123_456,
        latitude=12,
        longitude=-8,
        languages=["fr"],
    )
    Membership.objects.create(network=network, city=city, status=status, public_since=public_since)
    index = CityIndexPage.objects.get(locale__language_code="en")
    page = index.add_child(instance=CityPage(title=city.name, slug=slug, city=city))
    page.save_revision().publish()
    Pilot.objects.create(
        network=network,
        city=city,
        title=f"Pilot of {city.name}",
        slug=f"{slug}-pilot",
        theme=Theme.objects.get(slug="service-design"),
        problem="p",
        hypothesis="h",
        status="running",
        start=datetime.date(2021, 3, 1),
        end=datetime.date(2021, 9, 30),
        currency="EUR",
        budget_amount=Decimal("1000"),
        spent_amount=Decimal("0"),
        people_reached=7,
    )
    Roadmap.objects.create(
        network=network,
        city=city,
        status=Roadmap.Status.ADOPTED,
        adopted_on=PAST,
        adopted_by="Council",
        summary=f"Roadmap summary of {city.name}",
    )
    CityDeliverable.objects.create(
        deliverable=Deliverable.objects.get(
            phase__network=network, kind=Deliverable.Kind.ACTION_PLAN
        ),
        city=city,
        status=CityDeliverable.Status.APPROVED,
        approved_by="Council",
        approved_on=PAST,
    )
    ReuseRecord.objects.create(
        network=network,
        city=city,
        method="Borda ranking",
        where="policy",
        reused_in="Budget",
        reused_on=PAST,
        evidence="Minutes",
    )
    start = timezone.make_aware(datetime.datetime(2021, 5, 1, 9))
    Event.objects.create(
        network=network,
        title=f"Workshop in {city.name}",
        kind="training",
        start=start,
        end=start + datetime.timedelta(hours=2),
        host_city=city,
    )
    story = item(title=f"Story of {city.name}", kind="city_story", area="city_stories")
    story.cities.set([city])
    story.save()
    return city, story


@pytest.fixture
def cities(aston):
    return {
        slug: _city_with_work(aston, slug, status, since)
        for slug, (status, since, _p, _m) in STATES.items()
    }


def _public(slug):
    return STATES[slug][2]


@pytest.mark.django_db
def test_the_rule_itself(aston, cities):
    public = set(selectors.public_memberships(network=aston).values_list("city__slug", flat=True))
    members = set(selectors.network_member_cities(network=aston).values_list("slug", flat=True))
    for slug, (_s, _d, is_public, is_member) in STATES.items():
        assert (slug in public) is is_public, slug
        assert (slug in members) is is_member, slug


@pytest.mark.django_db
def test_public_pages(client, aston, cities):
    home = client.get("/en/").content.decode()
    index = client.get("/en/cities/").content.decode()
    pilots = client.get("/en/pilots/").content.decode()
    roadmaps = client.get("/en/roadmaps/").content.decode()
    programme = client.get("/en/programme/").content.decode()
    library = client.get("/en/knowledge/").content.decode()
    events = client.get("/en/events/").content.decode()
    calendar = client.get("/events.ics").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for slug, (city, story) in cities.items():
        public, member = _public(slug), STATES[slug][3]
        name = city.name
        assert (name in home) is member, slug
        assert (name in index) is public, slug
        assert (f"Pilot of {name}" in pilots) is public, slug
        assert (f"/roadmaps/{slug}/" in roadmaps) is public, slug
        assert (name in programme) is public, slug
        assert (f"Story of {name}" in library) is public, slug
        assert (f"Workshop in {name}" in events) is public, slug
        assert (f"Workshop in {name}" in calendar) is public, slug
        assert (f"/cities/{slug}/" in sitemap) is public, slug
        expected = 200 if public else 404
        assert client.get(f"/en/cities/{slug}/").status_code == expected, slug
        assert client.get(f"/en/pilots/{slug}-pilot/").status_code == expected, slug
        assert client.get(f"/en/roadmaps/{slug}/").status_code == expected, slug
        assert client.get(story.url).status_code == expected, slug
        assert client.get(f"/cities/{slug}/events.ics").status_code == expected, slug


@pytest.mark.django_db
def test_api(client, aston, cities):
    api_cities = client.get("/api/cities?page_size=100").json()["results"]
    api_pilots = client.get("/api/pilots?page_size=100").json()["results"]
    api_events = client.get("/api/events?page_size=100").json()["results"]
    api_knowledge = client.get("/api/knowledge?page_size=100").json()["results"]
    for slug, (_city, story) in cities.items():
        public, member = _public(slug), STATES[slug][3]
        assert (slug in {c["slug"] for c in api_cities}) is member, slug
        assert (f"{slug}-pilot" in {p["slug"] for p in api_pilots}) is public, slug
        pilot = Pilot.objects.get(slug=f"{slug}-pilot")
        assert client.get(f"/api/pilots/{pilot.pk}").status_code == (200 if public else 404)
        assert (slug in {e["host_city"] for e in api_events}) is public, slug
        assert (story.pk in {k["id"] for k in api_knowledge}) is public, slug


@pytest.mark.django_db
def test_open_data_and_iati(client, aston, cities):
    files = {
        name: client.get(f"/data/aston/{name}.csv").content.decode()
        for name in ("cities", "progress", "events", "pilots", "roadmaps", "knowledge")
    }
    portfolio = client.get("/data/pilots/aston.csv").content.decode()
    iati = client.get("/data/iati/aston.xml").content.decode()
    for slug, (city, _story) in cities.items():
        public = _public(slug)
        for name in ("cities", "progress", "pilots", "roadmaps"):
            assert (f"{slug}," in files[name] or f",{slug}" in files[name]) is public, (name, slug)
        assert (f"Workshop in {city.name}" in files["events"]) is public, slug
        assert (f"Story of {city.name}" in files["knowledge"]) is public, slug
        assert (f"Pilot of {city.name}" in portfolio) is public, slug
        assert (f"Pilot of {city.name}" in iati) is public, slug


@pytest.mark.django_db
def test_key_figures(aston):
    before = impact_selectors.key_figures(network=aston)
    made = {slug: _city_with_work(aston, slug, *STATES[slug][:2]) for slug in STATES}
    after = impact_selectors.key_figures(network=aston)
    shown = sum(1 for slug in made if _public(slug))
    # Every figure counts the same cities: the public ones, a withdrawn city as history.
    assert after["people_reached"].value == before["people_reached"].value + 7 * shown
    assert after["invested"].value == before["invested"].value + 1000 * shown
    assert after["action_plans"].value == before["action_plans"].value + shown
    assert after["action_plans"].total == before["action_plans"].total + shown
    assert after["reuse"].value == before["reuse"].value + shown
    assert after["reuse"].total == before["reuse"].total + shown
    assert after["events"].value == before["events"].value + shown
    assert after["knowledge"].value == before["knowledge"].value + shown
    for key in ("people_reached", "invested", "action_plans", "reuse", "events"):
        labels = {label for label, _value in after[key].by_city}
        for slug, (city, _story) in made.items():
            assert (city.name in labels) is _public(slug), (key, slug)
