"""Critical friends: the demo's three confirmed rounds, and the secretariat's propose, swap and
confirm."""

from itertools import combinations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from baobab.exceptions import SYSTEM
from learning import services
from learning.models import CriticalFriendPairing
from network.models import City


def test_the_demo_has_three_confirmed_rounds_without_repeats(aston):
    seen = set()
    for stage in (1, 2, 3):
        rows = CriticalFriendPairing.objects.filter(network=aston, stage=stage, confirmed=True)
        sizes = sorted(len(row.city_ids) for row in rows)
        assert sizes == [2, 2, 2, 2, 3]
        for row in rows:
            for pair in combinations(sorted(row.city_ids), 2):
                assert pair not in seen
                seen.add(pair)
            assert "stronger in" in row.why()


def test_propose_swap_confirm(login, aston):
    client = login("secretariat")
    url = reverse("learning_pairings")
    response = client.post(
        url, {"action": "propose", "propose-stage": 4, "propose-stage_name": "Scaling up"}
    )
    assert response.status_code == 302
    rows = list(CriticalFriendPairing.objects.filter(network=aston, stage=4))
    assert len(rows) == 5 and not any(row.confirmed for row in rows)
    assert "Scaling up" in client.get(url).content.decode()
    x, y = rows[0].city_a, rows[1].city_a
    response = client.post(
        url, {"action": "swap", "stage": 4, "swap-city_x": x.pk, "swap-city_y": y.pk}
    )
    assert response.status_code == 302
    rows[0].refresh_from_db()
    assert rows[0].city_a == y and "Swapped by hand." in rows[0].why()
    client.post(url, {"action": "confirm", "stage": 4})
    assert (
        CriticalFriendPairing.objects.filter(network=aston, stage=4, confirmed=False).count() == 0
    )
    # A confirmed stage is kept: no new proposal replaces it.
    with pytest.raises(ValidationError):
        services.pairings_propose(network=aston, stage=4, stage_name="Again", actor=SYSTEM)


def test_swapping_two_cities_of_the_same_pair_is_refused(aston):
    services.pairings_propose(network=aston, stage=5, stage_name="Test", actor=SYSTEM)
    row = CriticalFriendPairing.objects.filter(network=aston, stage=5).first()
    with pytest.raises(ValidationError) as error:
        services.pairings_swap(
            network=aston, stage=5, city_x=row.city_a, city_y=row.city_b, actor=SYSTEM
        )
    assert "already together" in error.value.messages[0]


def test_only_the_secretariat_pairs(login):
    response = login("bamako").post(reverse("learning_pairings"), {"action": "confirm", "stage": 1})
    assert response.status_code in (302, 403)
    assert response.get("Location", reverse("wagtailadmin_home")) == reverse("wagtailadmin_home")


def test_city_pages_show_their_critical_friends(client, aston):
    bamako = City.objects.get(slug="bamako")
    text = client.get("/en/cities/bamako/").content.decode()
    assert "Critical friends" in text
    for row in CriticalFriendPairing.objects.filter(network=aston, confirmed=True):
        if bamako.pk in row.city_ids:
            for city in row.cities:
                if city != bamako:
                    assert city.name in text


def test_a_malformed_stage_is_answered_with_a_message(login):
    response = login("secretariat").post(
        reverse("learning_pairings"), {"action": "confirm", "stage": "x"}, follow=True
    )
    assert response.status_code == 200
    assert "There is no proposal for this stage." in response.content.decode()


def test_the_reasons_are_worded_in_the_readers_language_not_the_proposers(aston):
    from django.utils import translation

    row = CriticalFriendPairing.objects.filter(network=aston, stage=1).first()
    with translation.override("fr"):
        french = row.why()
    with translation.override("pt"):
        portuguese = row.why()
    assert "plus avancée que" in french and "stronger" not in french
    assert "mais avançada do que" in portuguese and "stronger" not in portuguese
