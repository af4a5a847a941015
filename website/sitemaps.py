"""/sitemap.xml: every public page in every language, each with hreflang alternates for the
translations that exist (and only those), plus the pages drawn from records (pilots, city
roadmaps, key figures) and the open data catalogue."""

from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page


def _network(page):
    from .models import HomePage

    home = HomePage.objects.ancestor_of(page).select_related("network").first()
    return home.network if home else None


def _pilot_paths(page) -> list[str]:
    from experiments.models import Pilot

    network = _network(page)
    slugs = Pilot.objects.filter(network=network).order_by("slug").values_list("slug", flat=True)
    return [f"{slug}/" for slug in slugs]


def _roadmap_paths(page) -> list[str]:
    from roadmap.models import Roadmap

    network = _network(page)
    slugs = Roadmap.objects.filter(network=network).order_by("city__slug")
    return [f"{slug}/" for slug in slugs.values_list("city__slug", flat=True)]


def _figure_paths(page) -> list[str]:
    from impact.selectors import KEYS

    return [f"figures/{key}/" for key in KEYS]


# The addresses a routable page answers below its own, drawn from the records. They are the
# same in every language (only the prefix changes), so they follow their page's translations.
SUB_PATHS = {
    "experiments.pilotindexpage": _pilot_paths,
    "roadmap.roadmapindexpage": _roadmap_paths,
    "impact.impactpage": _figure_paths,
}


class Sitemap(WagtailSitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q()
        for root in roots:
            in_a_tree |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        translations = defaultdict(list)
        for item in pages:
            translations[item.translation_key].append(item)
        sub_paths = {}
        urls = []
        for item in pages:
            location = item.get_full_url(self.request)
            if not location:
                continue
            lastmod = item.last_published_at or item.latest_revision_created_at
            siblings = [
                (other.locale.language_code, other.get_full_url(self.request))
                for other in translations[item.translation_key]
            ]
            label = item._meta.label_lower
            paths = [""]
            if label in SUB_PATHS:
                if item.translation_key not in sub_paths:
                    sub_paths[item.translation_key] = SUB_PATHS[label](item)
                paths += sub_paths[item.translation_key]
            for sub in paths:
                urls.append(
                    {
                        "item": item,
                        "location": location + sub,
                        "lastmod": lastmod,
                        "alternates": [
                            {"lang_code": code, "location": url + sub} for code, url in siblings
                        ],
                    }
                )
        if page == 1:
            root = self.get_wagtail_site().root_url
            urls.append({"location": root + reverse("data_catalogue"), "alternates": []})
        self.latest_lastmod = None
        return urls
