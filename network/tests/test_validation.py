"""Bad input to the network's records is refused with a clear message, and nothing changes."""

import pytest
from django.core.exceptions import ValidationError

from baobab.exceptions import SYSTEM
from network import services
from network.models import City, Membership


def _city_fields(**overrides):
    fields = {
        "name": "Saint-Louis",
        "country": "SN",
        "population": 250_000,
        "latitude": "16.03",
        "longitude": "-16.49",
        "languages": ["fr", "wo"],
        "timezone": "Africa/Dakar",
    }
    fields.update(overrides)
    return fields


def test_city_upsert_creates_a_valid_city(db):
    city = services.city_upsert(slug="saint-louis", actor=SYSTEM, **_city_fields())
    assert City.objects.get(slug="saint-louis") == city
    assert city.languages == ["fr", "wo"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("population", -1, "Population cannot be negative."),
        ("latitude", "91", "Latitude must be between -90 and 90."),
        ("longitude", "-181", "Longitude must be between -180 and 180."),
        ("country", "XX", "is not a valid choice"),
        ("languages", ["fr", "zz"], "Unknown language code: zz"),
        ("timezone", "Africa/Atlantis", "Unknown time zone: Africa/Atlantis"),
    ],
)
def test_city_upsert_refuses_bad_values_and_keeps_the_saved_record(db, field, value, message):
    before = City.objects.get(slug="bamako")
    with pytest.raises(ValidationError) as error:
        services.city_upsert(slug="bamako", actor=SYSTEM, **{field: value})
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    after = City.objects.get(slug="bamako")
    assert (after.population, after.latitude, after.country, after.languages) == (
        before.population,
        before.latitude,
        before.country,
        before.languages,
    )


def test_a_city_joins_a_network_only_once(aston):
    bamako = City.objects.get(slug="bamako")
    with pytest.raises(ValidationError) as error:
        Membership(network=aston, city=bamako, status="selected").full_clean()
    assert "This city is already a member of this network." in str(error.value)
    assert Membership.objects.filter(network=aston, city=bamako).count() == 1


def test_a_city_cannot_join_before_it_is_selected(aston):
    membership = Membership.objects.get(network=aston, city__slug="kumasi")
    membership.join_date = membership.selection_date.replace(year=2018)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.message_dict["join_date"] == ["A city cannot join before it is selected."]


def test_a_network_cycle_cannot_end_before_it_starts(aston):
    with pytest.raises(ValidationError) as error:
        services.network_upsert(
            slug="aston", cycle_end=aston.cycle_start.replace(year=2018), actor=SYSTEM
        )
    assert error.value.message_dict["cycle_end"] == ["The cycle cannot end before it starts."]
    aston.refresh_from_db()
    assert aston.cycle_end.year == 2022


def test_a_city_coordinator_needs_a_city(aston):
    with pytest.raises(ValidationError) as error:
        services.person_upsert(
            network=aston,
            email="new@aston.example",
            name="New Person",
            role="coordinator",
            actor=SYSTEM,
        )
    assert "city" in error.value.message_dict
