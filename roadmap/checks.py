"""What Baobab checks in a roadmap: pure functions over records already read, no query."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Check:
    code: str
    message: str
    # A blocking check must be resolved, or the adoption confirmed with a reason.
    blocking: bool


SCALE_UP_WITHOUT_ACTION = "scale_up_without_action"
RUNNING_COSTS_ABOVE_BUDGET = "running_costs_above_budget"
TOOL_WITHOUT_STANDARD = "tool_without_standard"
ACTION_WITHOUT_LEAD = "action_without_lead"
ACTION_WITHOUT_FUNDING = "action_without_funding"


def _eur(amount) -> str:
    return number_format(amount, 0, force_grouping=True)


def yearly_running_cost(tools) -> Decimal:
    return sum((tool.yearly_running_cost or Decimal(0) for tool in tools), Decimal(0))


def investment_cost(tools) -> Decimal:
    return sum((tool.investment_cost or Decimal(0) for tool in tools), Decimal(0))


def scale_up_without_action(*, actions, scale_up_pilots) -> list[Check]:
    scaled = {action.pilot_id for action in actions if action.pilot_id}
    return [
        Check(
            SCALE_UP_WITHOUT_ACTION,
            _("The pilot “%(pilot)s” was decided “scale up”, but no action scales it.")
            % {"pilot": pilot.title},
            blocking=True,
        )
        for pilot in scale_up_pilots
        if pilot.pk not in scaled
    ]


def running_costs_above_budget(*, yearly_budget, tools) -> list[Check]:
    running = yearly_running_cost(tools)
    if running <= (yearly_budget or Decimal(0)):
        return []
    return [
        Check(
            RUNNING_COSTS_ABOVE_BUDGET,
            _(
                "The tools cost EUR %(running)s a year to run, above the EUR %(budget)s "
                "the city commits each year."
            )
            % {"running": _eur(running), "budget": _eur(yearly_budget or 0)},
            blocking=True,
        )
    ]


def tools_without_standard(*, tools) -> list[Check]:
    return [
        Check(
            TOOL_WITHOUT_STANDARD,
            _("The tool “%(tool)s” names no data standard to keep its raw data in.")
            % {"tool": tool.what},
            blocking=False,
        )
        for tool in tools
        if not tool.data_standards.strip()
    ]


def actions_without_lead_or_funding(*, actions) -> list[Check]:
    checks = []
    for action in actions:
        if not action.lead.strip():
            checks.append(
                Check(
                    ACTION_WITHOUT_LEAD,
                    _("The action “%(action)s” has no one to lead it.") % {"action": action.what},
                    blocking=True,
                )
            )
        if not action.funding_source.strip():
            checks.append(
                Check(
                    ACTION_WITHOUT_FUNDING,
                    _("The action “%(action)s” has no funding source.") % {"action": action.what},
                    blocking=True,
                )
            )
    return checks


def roadmap_checks(*, yearly_budget, tools, actions, scale_up_pilots) -> list[Check]:
    """Every check of one roadmap, blocking ones first."""
    checks = [
        *scale_up_without_action(actions=actions, scale_up_pilots=scale_up_pilots),
        *running_costs_above_budget(yearly_budget=yearly_budget, tools=tools),
        *actions_without_lead_or_funding(actions=actions),
        *tools_without_standard(tools=tools),
    ]
    return sorted(checks, key=lambda check: not check.blocking)
