"""Who may do what with the website's pages: a city's page is its team's; the home page, the
city index and the section pages are the network's (the secretariat's alone)."""

from network.permissions import register_page_rule

from .models import CityPage


def city_pages_owned_by(city_id):
    return CityPage.objects.filter(city_id=city_id)


register_page_rule(CityPage, owned_by=city_pages_owned_by)
