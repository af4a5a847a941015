import datetime
from decimal import Decimal

import pytest

from experiments.models import Pilot
from network.models import City, Theme


@pytest.fixture
def bamako_pilot(db):
    return Pilot.objects.get(slug="bamako-waste-sms")


@pytest.fixture
def lagos_pilot(db):
    return Pilot.objects.get(slug="lagos-bus-stop-data")


@pytest.fixture
def new_pilot(aston):
    """An unsaved, valid pilot of Bamako, to break one rule at a time."""
    return Pilot(
        network=aston,
        city=City.objects.get(slug="bamako"),
        title="Solar street lights",
        slug="bamako-solar-lights",
        theme=Theme.objects.get(slug="service-design"),
        problem="Dark streets",
        hypothesis="Lights make streets safer",
        status="planned",
        start=datetime.date(2022, 1, 1),
        end=datetime.date(2022, 6, 30),
        currency="XOF",
        budget_amount=Decimal("1000000"),
        spent_amount=Decimal("0"),
        people_reached=10,
    )


def admin_pilot_form(**overrides) -> dict:
    """The fields the pilot's admin form posts, filled with valid values."""
    data = {
        "title": "Solar street lights",
        "slug": "solar-street-lights",
        "theme": str(Theme.objects.get(slug="service-design").pk),
        "status": "planned",
        "problem": "Dark streets",
        "hypothesis": "Lights make streets safer",
        "description": "",
        "start": "2022-01-01",
        "end": "2022-06-30",
        "partners": "",
        "budget_amount": "1000000",
        "currency": "XOF",
        "funding_source": "city",
        "spent_amount": "0",
        "people_reached": "12",
        "internal_notes": "Keep this to ourselves",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
        "indicators-0-name": "Streets lit",
        "indicators-0-unit": "streets",
        "indicators-0-baseline": "0",
        "indicators-0-target": "20",
        "indicators-0-ORDER": "1",
        "indicators-0-id": "",
        "indicators-0-DELETE": "",
    }
    data.update(overrides)
    return data
