"""Bad input: a clear message each, and nothing saved changes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from baobab.exceptions import SYSTEM
from network.models import AuditLogEntry
from roadmap import services
from roadmap.models import Layer, Roadmap


def snapshot(roadmap):
    roadmap.refresh_from_db()
    return (
        roadmap.status,
        roadmap.adopted_on,
        roadmap.yearly_budget,
        list(roadmap.resources.values_list("pk", "quantity")),
        list(roadmap.tools.values_list("pk", "investment_cost", "yearly_running_cost")),
        list(roadmap.actions.values_list("pk", "start", "end", "pilot_id")),
    )


def test_negative_costs_are_refused(bamako_roadmap):
    before = snapshot(bamako_roadmap)
    layer = Layer.objects.filter(network=bamako_roadmap.network).first()
    with pytest.raises(ValidationError) as error:
        services.tool_add(
            roadmap=bamako_roadmap,
            layer=layer,
            what="Sensors",
            approach="build",
            investment_cost=Decimal(-1),
            yearly_running_cost=Decimal(-5),
            data_standards="CSV",
            actor=SYSTEM,
        )
    assert error.value.message_dict["investment_cost"] == ["A cost cannot be negative."]
    assert error.value.message_dict["yearly_running_cost"] == ["A cost cannot be negative."]
    with pytest.raises(ValidationError) as error:
        services.resource_add(
            roadmap=bamako_roadmap,
            kind="human",
            what="Officers",
            quantity=Decimal(-2),
            actor=SYSTEM,
        )
    assert error.value.message_dict["quantity"] == ["A quantity cannot be negative."]
    with pytest.raises(ValidationError) as error:
        services.roadmap_upsert(
            network=bamako_roadmap.network,
            city=bamako_roadmap.city,
            yearly_budget=Decimal(-1),
            actor=SYSTEM,
        )
    assert error.value.message_dict["yearly_budget"] == ["The yearly budget cannot be negative."]
    assert snapshot(bamako_roadmap) == before


def test_an_action_ending_before_it_starts_is_refused(bamako_roadmap):
    before = snapshot(bamako_roadmap)
    with pytest.raises(ValidationError) as error:
        services.action_add(
            roadmap=bamako_roadmap,
            what="Roll out",
            lead="Team",
            funding_source="Budget",
            start=datetime.date(2022, 6, 1),
            end=datetime.date(2022, 5, 1),
            budget=Decimal(-3),
            actor=SYSTEM,
        )
    assert error.value.message_dict["end"] == ["An action cannot end before it starts."]
    assert error.value.message_dict["budget"] == ["A budget cannot be negative."]
    assert snapshot(bamako_roadmap) == before


def test_an_action_scaling_another_citys_pilot_is_refused(bamako_roadmap, make_pilot):
    before = snapshot(bamako_roadmap)
    lagos_pilot = make_pilot("lagos", "scale_up")
    with pytest.raises(ValidationError) as error:
        services.action_add(
            roadmap=bamako_roadmap,
            what="Borrow Lagos's pilot",
            pilot=lagos_pilot,
            lead="Team",
            funding_source="Budget",
            start=datetime.date(2022, 6, 1),
            end=datetime.date(2022, 9, 1),
            actor=SYSTEM,
        )
    assert error.value.message_dict["pilot"] == [
        "This pilot belongs to another city: choose one of Bamako's pilots."
    ]
    assert snapshot(bamako_roadmap) == before


def test_a_tool_in_another_networks_layer_is_refused(bamako_roadmap):
    from network.models import Network

    other = Network.objects.create(
        name="Other", slug="other-network", cycle_start=datetime.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.tool_add(
            roadmap=bamako_roadmap,
            layer=other.layers.first(),
            what="Sensors",
            approach="build",
            actor=SYSTEM,
        )
    assert error.value.message_dict["layer"] == ["This layer belongs to another network."]


def test_adopting_with_blocking_checks_needs_a_reason(aston, make_pilot):
    kumasi = Roadmap.objects.get(network=aston, city__slug="kumasi")
    before = snapshot(kumasi)
    with pytest.raises(ValidationError) as error:
        services.roadmap_adopt(
            roadmap=kumasi,
            adopted_on=datetime.date(2022, 6, 1),
            adopted_by="Assembly",
            actor=SYSTEM,
        )
    assert error.value.message_dict["reason"] == [
        "This roadmap has 3 blocking check(s) open. Resolve them, or confirm the adoption "
        "with a reason."
    ]
    assert snapshot(kumasi) == before


def test_adopting_needs_a_date_and_a_body(lagos_roadmap):
    before = snapshot(lagos_roadmap)
    with pytest.raises(ValidationError) as error:
        services.roadmap_adopt(roadmap=lagos_roadmap, adopted_on=None, adopted_by=" ", actor=SYSTEM)
    assert set(error.value.message_dict) == {"adopted_on", "adopted_by"}
    assert snapshot(lagos_roadmap) == before


def test_adopting_with_a_reason_records_it_and_keeps_the_earlier_version(aston, secretariat):
    kumasi = Roadmap.objects.get(network=aston, city__slug="kumasi")
    revisions = kumasi.revisions.count()
    services.roadmap_adopt(
        roadmap=kumasi,
        adopted_on=datetime.date(2022, 6, 1),
        adopted_by="Kumasi Metropolitan Assembly",
        reason="The assembly votes the budget in June; the running costs follow.",
        actor=secretariat,
    )
    kumasi.refresh_from_db()
    assert kumasi.status == "adopted"
    assert kumasi.adoption_reason.startswith("The assembly votes")
    assert kumasi.revisions.count() == revisions + 1
    entry = AuditLogEntry.objects.filter(action="roadmap.adopted").first()
    assert entry.city == kumasi.city
    assert entry.summary().startswith("The assembly votes")
    assert len(entry.data["blocking_checks"]) == 3
    first = kumasi.revisions.order_by("created_at", "pk").first().as_object()
    assert first.status == "draft"
