from django import template

from ..selectors import city_stories, items_drawing_on

register = template.Library()


@register.inclusion_tag("knowledge/includes/drawing_on.html")
def knowledge_drawing_on(record):
    """The published knowledge items that draw on a record (a reflection, a pilot decision,
    an event), for that record's own page."""
    return {"items": items_drawing_on(record) if record is not None else []}


@register.inclusion_tag("knowledge/includes/city_stories.html")
def knowledge_city_stories(city):
    """A city's published stories, for its city page."""
    return {"items": city_stories(city)}
