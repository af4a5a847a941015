import re

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.urls import translate_url
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from network.languages import language_name

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The same page in each interface language: slugs are shared, only the prefix changes.

    A page not translated into a language links to its nearest translated ancestor there
    (``exists`` is then false, and no hreflang alternate names it)."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    page = context.get("page")
    translated = _translated_paths(page, request) if isinstance(page, Page) else None
    path = request.get_full_path()
    root = _root_url(request)
    links = []
    for code, _name in settings.LANGUAGES:
        url, exists = translate_url(path, code), True
        if url == path and code != current:
            url, exists = f"/{code}/", False
        elif translated is not None and code != current and code not in translated[0]:
            url, exists = translated[1].get(code, f"/{code}/"), False
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": root + url,
                "exists": exists,
                "current": code == current,
            }
        )
    return links


def _root_url(request) -> str:
    site = Site.find_for_request(request)
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _translated_paths(page, request):
    """The languages the page exists in, and for the others its nearest translated ancestor's
    address (one query for the page's translations, one for its ancestors')."""
    languages = set(
        page.get_translations(inclusive=True).live().values_list("locale__language_code", flat=True)
    )
    fallbacks = {}
    if len(languages) < len(settings.LANGUAGES):
        keys = list(page.get_ancestors().values_list("translation_key", flat=True))
        ancestors = (
            Page.objects.filter(translation_key__in=keys, depth__gt=1)
            .live()
            .select_related("locale")
            .order_by("depth")
        )
        for ancestor in ancestors:
            fallbacks[ancestor.locale.language_code] = ancestor.get_url(request)
    return languages, fallbacks


@register.filter
def language_names(codes) -> str:
    return ", ".join(language_name(code) for code in codes or [])


# What a section is, for search engines and link previews when its page says nothing itself.
SECTION_DESCRIPTIONS = {
    "website.homepage": _("A network of cities learning together, and what it learns, shared."),
    "website.cityindexpage": _("The network's member cities: who they are and how far they are."),
    "website.citypage": _("A member city: its profile, journey, pilots, story and roadmap."),
    "programme.programmepage": _("The programme's phases and each city's progress through them."),
    "learning.learningpage": _(
        "The topics cities asked to learn about, and each quarter's choice."
    ),
    "learning.eventspage": _("The network's events: workshops, webinars and study visits."),
    "experiments.pilotindexpage": _("The pilots cities ran: budgets, people reached, decisions."),
    "roadmap.roadmapindexpage": _("Each city's roadmap to scale up what worked, compared."),
    "knowledge.knowledgeindexpage": _("City stories, case studies, lessons and methods."),
    "knowledge.knowledgeitempage": _("What the network learnt, shared for other cities."),
    "impact.impactpage": _("The network's key figures, each with the records behind it."),
}
DEFAULT_DESCRIPTION = _("Baobab: a peer-learning network of cities, and what it learns, shared.")


@register.simple_tag(takes_context=True)
def meta_description(context) -> str:
    """The page's own description when it has one (search description, summary, introduction),
    else what its section is; never empty."""
    page = context.get("page")
    if page is not None:
        for name in ("search_description", "summary", "intro", "body"):
            value = getattr(page, name, None)
            if isinstance(value, str) and (text := strip_tags(value).strip()):
                return Truncator(" ".join(text.split())).chars(200)
        label = page._meta.label_lower
        if label in SECTION_DESCRIPTIONS:
            return str(SECTION_DESCRIPTIONS[label])
    return str(DEFAULT_DESCRIPTION)


@register.inclusion_tag("website/includes/pdf_colophon.html")
def pdf_colophon(network=None, url="", page=None):
    """The foot of every PDF page: who publishes it, when, under which licence, and where it
    lives on the site (from BASE_URL, through the Site), so a printed copy can be traced back.

    The PDF's stylesheet places it with ``position: running(colophon)``."""
    from django.utils import timezone

    from impact.opendata import licence_of
    from network.models import Network

    if network is None and page is not None:
        from website.models import HomePage

        home = HomePage.objects.ancestor_of(page, inclusive=True).select_related("network")
        network = home.first().network if home.exists() else None
    if network is None:
        network = Network.objects.order_by("pk").first()
    return {
        "network": network,
        "licence": licence_of(network),
        "today": timezone.localdate(),
        "url": url,
    }


@register.filter
def month_date(value, arg):
    """The ``date`` filter, except that French takes its press abbreviations ("juin",
    "juil."): Django's three-letter French months print "jui" for both June and July."""
    if get_language() == "fr":
        arg = re.sub(r"(?<!\\)M", "N", arg)
    return date_filter(value, arg)
