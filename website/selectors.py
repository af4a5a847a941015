"""What the public pages show, read in a fixed number of queries whatever the data size."""

from django.utils.translation import get_language

from network import selectors as network_selectors
from programme import selectors as programme_selectors

from . import map as network_map


def _city_page_urls(*, index_page, request) -> dict[int, str]:
    """City id -> URL of its live page under ``index_page`` (that page's language)."""
    from .models import CityPage

    pages = (
        CityPage.objects.live()
        .child_of(index_page)
        .filter(city__in=network_selectors.public_city_ids())
        .only("id", "url_path", "city_id")
    )
    return {page.city_id: page.get_url(request=request) for page in pages}


def _city_index(home_page):
    from .models import CityIndexPage

    return CityIndexPage.objects.live().child_of(home_page).first()


def home_context(*, page, request) -> dict:
    network = page.network
    index_page = _city_index(page)
    urls = _city_page_urls(index_page=index_page, request=request) if index_page else {}
    cities = list(network_selectors.network_member_cities(network=network))
    return {
        "network": network,
        "phases": list(network.phases.order_by("start", "end")),
        "programme_url": _programme_url(home_page=page, request=request),
        "announcements": [
            (membership, urls.get(membership.city_id, ""))
            for membership in network_selectors.network_announcements(network=network)
        ],
        "figures": network_selectors.network_figures(network=network),
        "cities": [(city, urls.get(city.id, "")) for city in cities],
        "city_index": index_page,
        "map": _map(cities, urls),
        **_impact(home_page=page, request=request, network=network),
    }


def _impact(*, home_page, request, network) -> dict:
    from impact.models import ImpactPage
    from impact.selectors import headline

    page = ImpactPage.objects.live().child_of(home_page).first()
    return {
        "key_figures": headline(network=network),
        "impact_url": page.get_url(request=request) if page else "",
    }


def _programme_url(*, home_page, request) -> str:
    from programme.models import ProgrammePage

    page = ProgrammePage.objects.live().child_of(home_page).first()
    return page.get_url(request=request) if page else ""


def _map(cities, urls) -> dict:
    markers = network_map.place_markers(cities, lambda city: urls.get(city.id, ""))
    return {"markers": markers, "width": network_map.WIDTH, "height": network_map.HEIGHT}


def city_index_context(*, page, request) -> dict:
    from .models import HomePage

    home = HomePage.objects.ancestor_of(page).select_related("network").first()
    if home is None:
        return {"memberships": []}
    urls = _city_page_urls(index_page=page, request=request)
    memberships = network_selectors.network_public_memberships(network=home.network)
    return {
        "network": home.network,
        "memberships": [(m, urls.get(m.city_id, "")) for m in memberships],
    }


def city_page_context(*, page, request) -> dict:
    city = page.city
    return {
        "city": city,
        "journey": programme_selectors.city_journey(city=city),
        "memberships": getattr(page, "public_memberships", None)
        or network_selectors.city_memberships(city=city),
        "people": network_selectors.city_public_people(city=city),
        "map": _map([city], {city.id: ""}),
        "language": get_language(),
    }
