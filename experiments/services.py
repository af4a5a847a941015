"""Writes to pilots, their indicator values, decisions and exchange rates. Each validates in full
(field validators, the model's rules, constraints) and runs in one transaction, so a refused write
changes nothing."""

import datetime
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction

from network.services import save_logged
from network.versioning import WriteConflict, conflict_message

from .models import Decision, ExchangeRate, Indicator, IndicatorValue, Pilot, quarter_of


@transaction.atomic
def pilot_upsert(*, network, city, slug: str, actor, indicators=(), **fields) -> Pilot:
    """Create or update the pilot ``slug`` of ``network``; ``indicators`` is a list of dicts
    (name, unit, baseline, target), matched by name."""
    pilot = Pilot.objects.filter(network=network, slug=slug).first() or Pilot(
        network=network, slug=slug
    )
    pilot.city = city
    for name, value in fields.items():
        setattr(pilot, name, value)
    save_logged(pilot, actor=actor)
    existing = {indicator.name: indicator for indicator in pilot.indicators.all()}
    for order, data in enumerate(indicators):
        indicator = existing.get(data["name"]) or Indicator(pilot=pilot, name=data["name"])
        indicator.sort_order = order
        for name, value in data.items():
            setattr(indicator, name, value)
        save_logged(indicator, actor=actor)
    return pilot


@transaction.atomic
def indicator_value_record(
    *,
    indicator: Indicator,
    period_start: datetime.date,
    period_end: datetime.date | None = None,
    actual: Decimal | None = None,
    target: Decimal | None = None,
    actor,
) -> IndicatorValue:
    """Record (or correct) the value of ``indicator`` for the period starting ``period_start``;
    the period is the calendar quarter unless ``period_end`` says otherwise."""
    if period_end is None:
        period_start, period_end = quarter_of(period_start)
    # Writers of one indicator's values queue here (PostgreSQL), so the same value sent twice
    # at once is recorded once and then updated.
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    for attempt in (1, 2):
        value = IndicatorValue.objects.filter(
            indicator=indicator, period_start=period_start
        ).first() or IndicatorValue(indicator=indicator, period_start=period_start)
        value.period_end, value.actual, value.target = period_end, actual, target
        try:
            with transaction.atomic():
                return save_logged(value, actor=actor)
        except IntegrityError:
            # Another request recorded this period between our read and our write: read it
            # again and update it.
            if attempt == 2:
                raise WriteConflict({NON_FIELD_ERRORS: [conflict_message()]}) from None
    raise AssertionError("unreachable")


@transaction.atomic
def decision_record(
    *,
    pilot: Pilot,
    kind: str,
    decided_on: datetime.date,
    decided_by: str,
    evidence: str,
    reflection: str = "",
    evidence_document=None,
    evidence_indicators=(),
    actor,
) -> Decision:
    """Add a decision to the pilot's history: earlier ones stay, the latest is the current."""
    decision = Decision(
        pilot=pilot,
        kind=kind,
        decided_on=decided_on,
        decided_by=decided_by,
        evidence=evidence,
        reflection=reflection,
        evidence_document=evidence_document,
        recorded_by=actor if actor and actor.is_authenticated else None,
    )
    save_logged(decision, actor=actor)
    if evidence_indicators:
        decision.evidence_indicators.set(evidence_indicators)
    # The pilot's page and the portfolio show the decision: touch the pilot so its "updated"
    # date moves and caches holding it are dropped.
    pilot.save(update_fields=["updated_at"])
    return decision


@transaction.atomic
def exchange_rate_record(
    *, network, currency: str, date: datetime.date, rate_to_eur: Decimal, actor
) -> ExchangeRate:
    rate = ExchangeRate.objects.filter(
        network=network, currency=currency, date=date
    ).first() or ExchangeRate(network=network, currency=currency, date=date)
    rate.rate_to_eur = rate_to_eur
    return save_logged(rate, actor=actor)
