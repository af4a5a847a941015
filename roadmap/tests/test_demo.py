"""The demo's roadmaps: five ASToN cities, consistent with their pilots' decisions."""

from demo import roadmap as demo_roadmap
from network.models import City
from roadmap import checks, selectors
from roadmap.models import Action, Roadmap, RoadmapIndexPage
from website.models import HomePage


def load_again(aston):
    homes = {home.locale.language_code: home for home in HomePage.objects.all()}
    locales = {code: home.locale for code, home in homes.items()}
    cities = {city.slug: city for city in City.objects.all()}
    demo_roadmap.load(network=aston, cities=cities, homes=homes, locales=locales)


def test_the_demo_has_roadmaps_for_five_cities_two_adopted(aston):
    roadmaps = Roadmap.objects.filter(network=aston)
    assert sorted(roadmaps.values_list("city__slug", flat=True)) == [
        "bamako",
        "kigali",
        "kumasi",
        "lagos",
        "matola",
    ]
    adopted = roadmaps.filter(status="adopted").values_list("city__slug", flat=True)
    assert sorted(adopted) == ["bamako", "kigali"]
    pages = RoadmapIndexPage.objects.live().values_list("locale__language_code", "url_path")
    assert sorted(code for code, _path in pages) == ["en", "fr", "pt"]
    assert all(path.endswith("/roadmaps/") for _code, path in pages)


def test_the_loader_scales_the_pilots_it_finds_and_duplicates_nothing(aston, make_pilot):
    scale = make_pilot("lagos", "scale_up", title="Bus rapid transit data")
    keep = make_pilot("matola", "continue", title="Text message reports")
    make_pilot("matola", "stop", title="Kiosk")
    load_again(aston)
    load_again(aston)
    assert Action.objects.filter(pilot=scale).count() == 1
    assert Action.objects.filter(pilot=keep).count() == 1
    assert Action.objects.filter(pilot__title="Kiosk").count() == 0
    lagos = Roadmap.objects.get(network=aston, city__slug="lagos")
    found = selectors.roadmap_report(roadmap=lagos)["checks"]
    assert checks.SCALE_UP_WITHOUT_ACTION not in [check.code for check in found]
