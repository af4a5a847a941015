from django import template

from ..formatting import format_amount

register = template.Library()


@register.filter
def amount(value, currency=None) -> str:
    """``{{ pilot.budget_amount|amount:pilot.currency }}``, ``{{ entry.cost|amount }}``."""
    return format_amount(value, currency or None)
