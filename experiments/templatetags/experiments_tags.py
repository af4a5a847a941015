from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

from ..currencies import CURRENCY_CODES, minor_units
from ..models import Decision, PilotIndexPage
from ..selectors import city_pilots as city_pilots_of

register = template.Library()


@register.filter
def money(amount, currency: str) -> str:
    """``amount`` with its currency's decimals, grouped in the reader's language."""
    if amount is None:
        return "–"
    decimals = minor_units(currency) if currency in CURRENCY_CODES else 2
    amount = Decimal(amount)
    # Whole amounts read better without ",00"; others show the currency's decimals.
    shown = floatformat(amount, "0g" if amount == amount.to_integral() else f"{decimals}g")
    return f"{shown}\N{NO-BREAK SPACE}{currency}"


@register.filter
def decision_label(kind: str) -> str:
    return Decision.Kind(kind).label if kind in Decision.Kind.values else ""


@register.inclusion_tag("experiments/includes/city_pilots.html", takes_context=True)
def city_pilots(context, city):
    """The city's pilots on its public page, linked to their pages in the reader's language."""
    index = PilotIndexPage.objects.live().filter(locale__language_code=get_language()).first()
    request = context.get("request")
    return {
        "pilots": city_pilots_of(city=city),
        "index_url": index.get_url(request) if index else None,
    }
