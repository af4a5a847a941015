from django import template
from django.utils.translation import get_language

from .. import selectors

register = template.Library()


@register.inclusion_tag("roadmap/includes_city_link.html")
def city_roadmap_link(city):
    """A link to the city's public roadmap, when it has one: one query, whatever the data."""
    return {"url": selectors.city_roadmap_link(city=city, language=get_language()), "city": city}
