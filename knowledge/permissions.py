"""Who may do what with the knowledge library's pages.

A city team drafts items under each library (its group holds "add" there), and changes only the
items its own city owns: those tagged to its city and to no other. An item tagged to several
cities, or to none, is the network's: the secretariat's to change, the experts' to review.
"""

from network.models import City
from network.permissions import is_secretariat, register_page_rule, user_city_id

from .models import KnowledgeIndexPage, KnowledgeItemPage


def items_owned_by(city_id):
    others = KnowledgeItemPage.cities.through.objects.exclude(city_id=city_id)
    return KnowledgeItemPage.objects.filter(cities=city_id).exclude(
        pk__in=others.values("knowledgeitempage_id")
    )


def owner_city(item) -> City | None:
    """The city whose team may change ``item``, if one city alone owns it."""
    cities = list(item.cities.all()[:2])
    return cities[0] if len(cities) == 1 else None


def may_see_capture_inbox(user) -> bool:
    """The capture inbox: the secretariat sees every city's candidates, a city team its own."""
    return is_secretariat(user) or user_city_id(user) is not None


register_page_rule(KnowledgeIndexPage, city_teams_add=True)
register_page_rule(KnowledgeItemPage, owned_by=items_owned_by)
