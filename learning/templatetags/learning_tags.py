from django import template

from learning import selectors

register = template.Library()


@register.inclusion_tag("learning/includes/city_learning.html")
def city_learning(city):
    """The city's critical friends, stage by stage, for its public page."""
    return selectors.city_learning(city=city)
