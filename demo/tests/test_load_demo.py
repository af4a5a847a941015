from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Locale, Page, Revision, Site

from network.models import City, Membership, Network, Person
from website.models import CityPage

COUNTED = [Network, City, Membership, Person, Page, Revision, Locale, Site, get_user_model()]


def test_loading_the_demo_twice_duplicates_nothing(db):
    before = {model.__name__: model.objects.count() for model in COUNTED}
    out = StringIO()
    call_command("load_demo", stdout=out)
    after = {model.__name__: model.objects.count() for model in COUNTED}
    assert after == before
    assert "login: secretariat" in out.getvalue()
    assert "password: baobab-demo" in out.getvalue()


def test_the_demo_is_the_aston_network(aston):
    cities = City.objects.filter(memberships__network=aston)
    assert cities.count() == 11
    assert 29_000_000 <= sum(city.population for city in cities) <= 31_000_000
    assert set(cities.values_list("country", flat=True)) == {
        "ML", "MA", "TN", "UG", "RW", "GH", "NG", "MZ", "NE", "MR", "BJ"
    }  # fmt: skip
    assert (aston.cycle_start.isoformat(), aston.cycle_end.isoformat()) == (
        "2019-09-01",
        "2022-06-30",
    )


def test_every_city_has_a_live_page_in_each_language(aston):
    for code in ("en", "fr", "pt"):
        pages = CityPage.objects.live().filter(locale__language_code=code)
        assert pages.count() == 11, code
        assert all(page.body for page in pages)


def test_the_demo_admin_can_log_in(client, db):
    response = client.post("/admin/login/", {"username": "secretariat", "password": "baobab-demo"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_no_name_is_repeated_across_the_demo_people(aston):
    people = Person.objects.filter(network=aston)
    names = list(people.values_list("name", flat=True))
    assert len(names) > 500
    assert len(set(names)) == len(names)
    # Participants come from an organisation of their own city: a picker can tell them apart.
    participants = people.filter(email__startswith="participant-")
    assert not participants.filter(organisation="").exists()
    matola = participants.filter(city__slug="matola").values_list("organisation", flat=True)
    assert "Conselho Municipal da Cidade da Matola" in set(matola)


def test_the_page_tree_is_not_called_root(secretariat_client):
    assert Page.get_first_root_node().title == "Baobab"
    html = secretariat_client.get("/admin/pages/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert ">Root<" not in html.replace(" ", "").replace("\n", "")
