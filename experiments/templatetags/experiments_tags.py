from django import template
from django.utils.translation import get_language

from ..models import Decision, PilotIndexPage
from ..selectors import city_pilots as city_pilots_of

register = template.Library()


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
