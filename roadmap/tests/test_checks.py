"""Each check of a roadmap: as pure functions, and on the roadmap's own records."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from baobab.exceptions import SYSTEM
from roadmap import checks, selectors, services
from roadmap.models import Layer, ToolChoice


def tool(what="Tool", running=0, standards="CSV", investment=0):
    return SimpleNamespace(
        what=what,
        yearly_running_cost=Decimal(running),
        investment_cost=Decimal(investment),
        data_standards=standards,
    )


def action(what="Action", pilot_id=None, lead="Team", funding="Budget"):
    return SimpleNamespace(what=what, pilot_id=pilot_id, lead=lead, funding_source=funding)


def codes(found):
    return [check.code for check in found]


def test_a_pilot_decided_scale_up_with_no_action_is_reported_until_an_action_scales_it():
    pilot = SimpleNamespace(pk=7, title="Street addresses")
    found = checks.roadmap_checks(
        yearly_budget=Decimal(0), tools=[], actions=[action()], scale_up_pilots=[pilot]
    )
    assert codes(found) == [checks.SCALE_UP_WITHOUT_ACTION]
    assert found[0].blocking and "Street addresses" in found[0].message
    assert not checks.roadmap_checks(
        yearly_budget=Decimal(0), tools=[], actions=[action(pilot_id=7)], scale_up_pilots=[pilot]
    )


def test_running_costs_above_the_committed_budget_are_reported():
    tools = [tool(running=6000), tool(running=5000)]
    found = checks.running_costs_above_budget(yearly_budget=Decimal(10999), tools=tools)
    assert codes(found) == [checks.RUNNING_COSTS_ABOVE_BUDGET]
    assert "11,000" in found[0].message and "10,999" in found[0].message
    assert not checks.running_costs_above_budget(yearly_budget=Decimal(11000), tools=tools)


def test_a_tool_with_no_data_standard_is_a_warning_not_a_blocker():
    found = checks.tools_without_standard(tools=[tool("Dashboard", standards="  "), tool()])
    assert codes(found) == [checks.TOOL_WITHOUT_STANDARD]
    assert not found[0].blocking and "Dashboard" in found[0].message


def test_an_action_with_no_lead_or_no_funding_source_is_reported():
    found = checks.actions_without_lead_or_funding(
        actions=[action("A", lead=""), action("B", funding=""), action("C")]
    )
    assert codes(found) == [checks.ACTION_WITHOUT_LEAD, checks.ACTION_WITHOUT_FUNDING]
    assert "“A”" in found[0].message and "“B”" in found[1].message


def test_blocking_checks_come_first():
    found = checks.roadmap_checks(
        yearly_budget=Decimal(0),
        tools=[tool(standards="", running=1)],
        actions=[],
        scale_up_pilots=[],
    )
    assert [check.blocking for check in found] == [True, False]


def test_the_report_finds_the_citys_scale_up_pilots_only(bamako_roadmap, make_pilot):
    mine = make_pilot("bamako", "scale_up", title="Address register pilot")
    make_pilot("bamako", "continue")
    make_pilot("lagos", "scale_up")
    report = selectors.roadmap_report(roadmap=bamako_roadmap)
    scale_up = [c for c in report["checks"] if c.code == checks.SCALE_UP_WITHOUT_ACTION]
    assert [c.message for c in scale_up] == [
        "The pilot “Address register pilot” was decided “scale up”, but no action scales it."
    ]
    services.action_add(
        roadmap=bamako_roadmap,
        what="Address register for the whole district",
        pilot=mine,
        lead="Planning department",
        funding_source="Municipal budget",
        start=datetime.date(2022, 5, 1),
        end=datetime.date(2023, 4, 30),
        actor=SYSTEM,
    )
    report = selectors.roadmap_report(roadmap=bamako_roadmap)
    assert checks.SCALE_UP_WITHOUT_ACTION not in codes(report["checks"])


def test_the_latest_decision_is_the_current_one(bamako_roadmap, make_pilot):
    from experiments.models import Decision

    pilot = make_pilot("bamako", "scale_up")
    Decision.objects.create(
        pilot=pilot,
        kind="stop",
        decided_on=datetime.date(2022, 2, 1),
        decided_by="Council",
        evidence="Too costly to run.",
    )
    report = selectors.roadmap_report(roadmap=bamako_roadmap)
    assert checks.SCALE_UP_WITHOUT_ACTION not in codes(report["checks"])


def test_the_demo_roadmaps_show_their_checks(aston):
    from roadmap.models import Roadmap

    kumasi = selectors.roadmap_report(roadmap=Roadmap.objects.get(city__slug="kumasi"))
    assert set(codes(kumasi["checks"])) == {
        checks.RUNNING_COSTS_ABOVE_BUDGET,
        checks.ACTION_WITHOUT_LEAD,
        checks.ACTION_WITHOUT_FUNDING,
    }
    matola = selectors.roadmap_report(roadmap=Roadmap.objects.get(city__slug="matola"))
    assert codes(matola["checks"]) == [checks.TOOL_WITHOUT_STANDARD]
    bamako = selectors.roadmap_report(roadmap=Roadmap.objects.get(city__slug="bamako"))
    assert bamako["checks"] == []


def test_a_new_network_starts_with_the_five_layers(db):
    from network.models import Network

    network = Network.objects.create(
        name="Second cycle", slug="second", cycle_start=datetime.date(2024, 1, 1)
    )
    assert list(Layer.objects.filter(network=network).values_list("name", flat=True)) == [
        "Connectivity and infrastructure",
        "Data collection",
        "Data management and platforms",
        "Applications and services",
        "Use and engagement",
    ]
    assert ToolChoice.objects.filter(layer__network=network).count() == 0
