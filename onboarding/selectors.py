"""Onboarding checklists and the warnings the reference network learned the hard way.

Every function takes ``today`` so that rules are computed, and tested, against a fixed date.
"""

import statistics
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from network.models import City, Membership

from .models import CityStep

# The factor above the network's median that makes a city's paperwork "much longer".
SLOW_PAPERWORK_FACTOR = 1.5

LESSONS = {
    "gap": gettext_noop(
        "Keep selection close to the start: while cities wait, staff, political priorities "
        "and elections turn over."
    ),
    "overdue": gettext_noop(
        "An overdue step holds back the rest of the journey: agree a new date with its owner."
    ),
    "overdue_paperwork": gettext_noop(
        "A first contract and a first transfer always take longer than later ones: new budget "
        "lines have to be opened."
    ),
    "slow_paperwork": gettext_noop(
        "Respect local processes and deadlines, and follow up early: that is how 11 of the 12 "
        "selected ASToN cities could join."
    ),
}


@dataclass
class OnboardingWarning:
    kind: str
    city: City
    text: str
    step: CityStep | None = None

    @property
    def lesson(self) -> str:
        return _(LESSONS[self.kind])


def network_city_steps(*, network) -> list[CityStep]:
    return list(
        CityStep.objects.filter(membership__network=network)
        .select_related("membership__city", "step", "owner")
        .order_by("membership__city__name", "step__order")
    )


def checklist_matrix(*, network) -> dict:
    """Member cities by template steps, each cell the city's step (or None)."""
    steps = list(network.onboarding_steps.order_by("order"))
    rows = {}
    for city_step in network_city_steps(network=network):
        rows.setdefault(city_step.membership.city, {})[city_step.step_id] = city_step
    return {
        "steps": steps,
        "rows": [
            (city, [cells.get(step.pk) for step in steps])
            for city, cells in sorted(rows.items(), key=lambda item: item[0].name)
        ],
    }


def _paperwork_days(steps: list[CityStep], selected: date, today: date) -> tuple[int, bool]:
    """Days from selection to the last paperwork step done (or today), and whether it is done."""
    paperwork = [s for s in steps if s.step.is_paperwork]
    done = all(s.status == CityStep.Status.DONE for s in paperwork)
    end = max((s.done_date for s in paperwork if s.done_date), default=None) if done else today
    return ((end or today) - selected).days, done


def onboarding_warnings(*, network, today: date, city=None) -> list[OnboardingWarning]:
    memberships = list(
        Membership.objects.filter(network=network)
        .exclude(status=Membership.Status.WITHDRAWN)
        .select_related("city")
    )
    steps_by_membership: dict[int, list[CityStep]] = {}
    for city_step in network_city_steps(network=network):
        steps_by_membership.setdefault(city_step.membership_id, []).append(city_step)

    warnings = []
    durations = {}
    for membership in memberships:
        steps = steps_by_membership.get(membership.pk, [])
        selected = membership.selection_date
        if selected and network.cycle_start:
            gap = (network.cycle_start - selected).days
            if gap > network.selection_gap_warning_days:
                text = _(
                    "%(months)d months between selection (%(selected)s) and the start of "
                    "activities (%(start)s)."
                ) % {
                    "months": round(gap / 30.4),
                    "selected": date_format(selected, "DATE_FORMAT"),
                    "start": date_format(network.cycle_start, "DATE_FORMAT"),
                }
                warnings.append(OnboardingWarning("gap", membership.city, text))
        for city_step in steps:
            if city_step.is_overdue(today):
                text = _("“%(step)s” was due on %(date)s.") % {
                    "step": _(city_step.step.title),
                    "date": date_format(city_step.due_date, "DATE_FORMAT"),
                }
                kind = "overdue_paperwork" if city_step.step.is_paperwork else "overdue"
                warnings.append(OnboardingWarning(kind, membership.city, text, city_step))
        if selected and any(s.step.is_paperwork for s in steps):
            durations[membership.pk] = (membership, *_paperwork_days(steps, selected, today))

    finished = [days for _membership, days, done in durations.values() if done]
    if len(finished) >= 3:
        median = statistics.median(finished)
        for membership, days, _done in durations.values():
            if days > SLOW_PAPERWORK_FACTOR * median:
                text = _(
                    "Paperwork has taken %(days)d days, against %(median)d for half the network."
                ) % {"days": days, "median": median}
                warnings.append(OnboardingWarning("slow_paperwork", membership.city, text))
    if city is not None:
        warnings = [w for w in warnings if w.city.pk == city.pk]
    return warnings


def _step_detail(city_step: CityStep) -> str:
    if city_step.status == CityStep.Status.DONE:
        return date_format(city_step.done_date, "DATE_FORMAT")
    due = city_step.due_date
    due_text = _("due %(date)s") % {"date": date_format(due, "DATE_FORMAT")} if due else ""
    return " · ".join(part for part in (city_step.get_status_display(), due_text) if part)


def workspace_section(*, user, city):
    """The city's onboarding checklist and warnings, on its workspace."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils import timezone

    membership = (
        Membership.objects.filter(city=city).select_related("network").order_by("-pk").first()
    )
    if membership is None:
        return None
    today = timezone.localdate()
    steps = [
        {
            "title": _(city_step.step.title),
            "url": reverse("wagtailsnippets_onboarding_citystep:edit", args=[city_step.pk])
            + "?"
            + urlencode({"next": reverse("network_workspace")}),
            "done": city_step.status == CityStep.Status.DONE,
            "detail": _step_detail(city_step),
        }
        for city_step in membership.steps.select_related("step").order_by("step__order")
    ]
    warnings = onboarding_warnings(network=membership.network, today=today, city=city)
    return {
        "title": _("Onboarding"),
        "steps": steps,
        "warnings": [{"text": w.text, "lesson": w.lesson} for w in warnings],
    }
