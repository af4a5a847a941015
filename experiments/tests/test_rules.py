"""Every rule of a pilot's records, checked by the services: a clear message, nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from baobab.currencies import check_decimals
from baobab.exceptions import SYSTEM
from experiments import services
from experiments.models import Decision, IndicatorValue, Pilot, quarter_of


def errors_of(callable_, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        callable_(**{"actor": SYSTEM, **kwargs})
    return error.value.message_dict


def _upsert(pilot, **changes):
    fields = {
        name: getattr(pilot, name)
        for name in (
            "title", "theme", "problem", "hypothesis", "status", "start", "end", "currency",
            "budget_amount", "spent_amount", "people_reached",
        )
    }  # fmt: skip
    fields.update(changes)
    fields.setdefault("actor", SYSTEM)
    return services.pilot_upsert(network=pilot.network, city=pilot.city, slug=pilot.slug, **fields)


def test_a_valid_pilot_is_saved(new_pilot):
    pilot = _upsert(new_pilot)
    assert Pilot.objects.get(slug="bamako-solar-lights").pk == pilot.pk


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"budget_amount": Decimal("-5")}, "budget_amount", "A budget cannot be negative."),
        ({"budget_amount": "lots"}, "budget_amount", "“lots” value must be a decimal number."),
        ({"currency": "XYZ"}, "currency", "Unknown currency: XYZ."),
        ({"budget_amount": Decimal("1000.50")}, "budget_amount",
         "Amounts in XOF have no decimals."),
        ({"currency": "EUR", "spent_amount": Decimal("10.125")}, "spent_amount",
         "Amounts in EUR have at most 2 decimals."),
        ({"end": datetime.date(2021, 12, 1)}, "end", "A pilot cannot end before it starts."),
        ({"people_reached": -1}, "people_reached", "People reached cannot be negative."),
    ],
)  # fmt: skip
def test_bad_pilot_input_is_refused_and_nothing_is_saved(new_pilot, changes, field, message):
    errors = errors_of(_upsert, pilot=new_pilot, **changes)
    assert any(text.startswith(message) for text in errors[field]), errors
    assert not Pilot.objects.filter(slug="bamako-solar-lights").exists()


def test_an_existing_pilot_keeps_its_values_when_a_change_is_refused(bamako_pilot):
    errors_of(_upsert, pilot=bamako_pilot, budget_amount=Decimal("-1"), title="Changed")
    bamako_pilot.refresh_from_db()
    assert (bamako_pilot.title, bamako_pilot.budget_amount) == (
        "Reporting overflowing bins by text message",
        Decimal("20000"),
    )


def test_a_breakdown_cannot_exceed_the_people_reached(new_pilot):
    errors = errors_of(_upsert, pilot=new_pilot, reached_women=8, reached_men=5)
    assert errors["reached_women"] == [
        "The breakdown by sex adds up to more than the people reached."
    ]


def test_decimals_follow_the_currency():
    assert check_decimals(Decimal("12.345"), "TND") is None
    assert check_decimals(Decimal("12.3456"), "TND") == "Amounts in TND have at most 3 decimals."
    assert check_decimals(Decimal("1500.00"), "XOF") is None  # trailing zeros are not decimals
    assert check_decimals(Decimal("12.5"), "UGX") == "Amounts in UGX have no decimals."


def test_a_value_defaults_to_the_quarter(bamako_pilot):
    indicator = bamako_pilot.indicators.get()
    value = services.indicator_value_record(
        indicator=indicator,
        period_start=datetime.date(2021, 10, 1),
        actual=Decimal(20),
        actor=SYSTEM,
    )
    assert (value.period_start, value.period_end) == quarter_of(datetime.date(2021, 11, 5))
    assert value.period_end == datetime.date(2021, 12, 31)
    assert value.target is None  # an actual value without a target is fine


def test_a_value_outside_the_pilots_dates_is_refused(bamako_pilot):
    indicator = bamako_pilot.indicators.get()
    before = IndicatorValue.objects.count()
    errors = errors_of(
        services.indicator_value_record,
        indicator=indicator,
        period_start=datetime.date(2022, 1, 1),
        actual=Decimal(3),
    )
    assert errors["period_start"] == [
        "This period falls outside the pilot's dates (2021-04-01 – 2021-12-31)."
    ]
    assert IndicatorValue.objects.count() == before


def test_a_value_needs_an_actual_or_a_target(bamako_pilot):
    errors = errors_of(
        services.indicator_value_record,
        indicator=bamako_pilot.indicators.get(),
        period_start=datetime.date(2021, 10, 1),
    )
    assert errors["actual"] == ["Enter an actual value, a target, or both."]


def test_a_decision_without_evidence_is_refused(bamako_pilot):
    errors = errors_of(
        services.decision_record,
        pilot=bamako_pilot,
        kind=Decision.Kind.SCALE_UP,
        decided_on=datetime.date(2022, 3, 1),
        decided_by="Mayor",
        evidence="  ",
    )
    assert errors["evidence"] == ["Say what evidence the decision rests on."]
    assert Pilot.objects.decided(Decision.Kind.STOP).filter(pk=bamako_pilot.pk).exists()


def test_decisions_keep_their_history_and_the_latest_is_current(bamako_pilot):
    services.decision_record(
        pilot=bamako_pilot,
        kind=Decision.Kind.CONTINUE,
        decided_on=datetime.date(2022, 3, 1),
        decided_by="Mayor",
        evidence="The new rounds answer reports within a day.",
        actor=SYSTEM,
    )
    assert [d.kind for d in bamako_pilot.decisions.order_by("decided_on")] == ["stop", "continue"]
    assert bamako_pilot.current_decision.kind == "continue"
    assert Pilot.objects.decided("continue", "scale_up").filter(pk=bamako_pilot.pk).exists()


def test_an_exchange_rate_must_be_positive_and_a_known_currency(aston):
    errors = errors_of(
        services.exchange_rate_record,
        network=aston,
        currency="ABC",
        date=datetime.date(2022, 1, 1),
        rate_to_eur=Decimal("-1"),
    )
    assert set(errors) == {"currency", "rate_to_eur"}
