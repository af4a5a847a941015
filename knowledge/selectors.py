"""Reads of the knowledge app: the library, an item's page, the inbox, the strategy views."""

import json
import re
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from wagtail.models import Locale

from network.models import City, Membership, Theme

from . import capture
from .models import Area, CaptureMark, CapturePlanEntry, Kind, KnowledgeItemPage

PAGE_SIZE = 20
# Bounded work whatever is typed: the query is cut to this many characters and these many words.
QUERY_MAX_CHARS = 200
QUERY_MAX_WORDS = 12
SEARCH_HITS = 500
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
WORD = re.compile(r"\w+", re.UNICODE)


def published_items():
    """Every item anyone may see: live, without a view restriction, and not tagged with a city
    that is not public yet (network.selectors.public_memberships)."""
    from network.models import City
    from network.selectors import public_city_ids

    hidden = City.objects.exclude(pk__in=public_city_ids())
    return KnowledgeItemPage.objects.live().public().exclude(cities__in=hidden)


def clean_query(raw: str) -> str:
    """Words only, bounded: punctuation alone gives an empty query."""
    words = WORD.findall((raw or "")[:QUERY_MAX_CHARS])
    return " ".join(words[:QUERY_MAX_WORDS])


def highlight(text: str, query: str, width: int = 240) -> str:
    """An escaped excerpt of ``text`` around the first match, with every query word marked."""
    words = [w for w in WORD.findall(query) if len(w) > 1]
    if not text:
        return ""
    start = 0
    if words:
        first = re.search("|".join(re.escape(w) for w in words), text, re.IGNORECASE)
        if first and first.start() > width // 2:
            start = text.rfind(" ", 0, first.start() - width // 3) + 1
    excerpt = text[start : start + width]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    html = escape(excerpt)
    if words:
        pattern = re.compile(
            "(" + "|".join(re.escape(escape(w)) for w in words) + ")", re.IGNORECASE
        )
        html = pattern.sub(r"<mark>\1</mark>", html)
    return mark_safe(prefix + html + suffix)


def _library_items(index, locale):
    """Items shown in ``locale``'s library: each published item once, in the reader's language
    when it exists there, else in the language it was first written in."""
    same_group = published_items().filter(translation_key=OuterRef("translation_key"))
    in_locale = Exists(same_group.filter(locale=locale))
    earlier = Exists(same_group.filter(pk__lt=OuterRef("pk")))
    roots = Q()
    for root in _roots(index):
        roots |= Q(path__startswith=root.path)
    items = published_items().filter(roots)
    return items.filter(Q(locale=locale) | (~in_locale & ~earlier)).defer_streamfields()


def _ranked(items, query) -> list:
    """Search hits in rank order, kept to the items this library shows.

    The search backend filters on simple indexed fields only, so the library's own conditions
    (one version per item, themes, cities) are applied to the best hits afterwards, in one query.
    """
    live = KnowledgeItemPage.objects.live().defer_streamfields()
    hits = [page.pk for page in live.search(query, operator="or")[:SEARCH_HITS]]
    shown = {page.pk: page for page in items.filter(pk__in=hits).select_related("locale")}
    words = [word.lower() for word in WORD.findall(query)]
    position = {pk: n for n, pk in enumerate(hits)}

    def in_title(page) -> int:
        # SQLite's FTS5 ranks whole rows, so a title match is put first here, as PostgreSQL's
        # weighted ranking would.
        title = page.title.lower()
        return sum(word in title for word in words)

    ranked = sorted(shown.values(), key=lambda page: (-in_title(page), position[page.pk]))
    return ranked


def _roots(index) -> list:
    # Every library (one per language) is under the same site; gather them all.
    return list(index.get_site().root_page.get_translations(inclusive=True))


def _builtin_search(*, index, query, filters, themes, cities):
    """Hits from the library's own index (knowledge.search), the filters applied in its SQL."""
    from network.models import City
    from network.selectors import public_city_ids

    from . import search

    theme = next((t.pk for t in themes if t.slug == filters["theme"]), None)
    city = next((c.pk for c in cities if c.slug == filters["city"]), None)
    if (filters["theme"] and theme is None) or (filters["city"] and city is None):
        return []
    hidden = list(City.objects.exclude(pk__in=public_city_ids()).values_list("pk", flat=True))
    return search.Results(
        search.Search(
            query=query,
            language=index.locale.language_code,
            roots=[root.path for root in _roots(index)],
            kind=filters["kind"] if filters["kind"] in Kind.values else "",
            area=filters["area"] if filters["area"] in Area.values else "",
            theme_id=theme,
            city_id=city,
            lang=filters["lang"] if filters["lang"] in dict(settings.LANGUAGES) else "",
            hidden_city_ids=hidden,
        )
    )


def _facets(results, rows, themes, cities) -> dict:
    """Items per kind, area, theme, city and language among the hits, keyed as the filters are."""
    from . import search

    if isinstance(results, search.Results):
        counts = results.facets()
    elif isinstance(results, list):
        counts = search.facet_counts([row.pk for row in results])
    else:
        return {}
    theme_slugs = {str(theme.pk): theme.slug for theme in themes}
    city_slugs = {str(city.pk): city.slug for city in cities}
    return {
        "kind": counts.get("kind", {}),
        "area": counts.get("area", {}),
        "theme": {
            theme_slugs[k]: n for k, n in counts.get("theme", {}).items() if k in theme_slugs
        },
        "city": {city_slugs[k]: n for k, n in counts.get("city", {}).items() if k in city_slugs},
        "lang": counts.get("lang", {}),
    }


def library_context(*, index, params) -> dict:
    locale = index.locale
    filters = {
        "kind": params.get("kind", ""),
        "area": params.get("area", ""),
        "theme": params.get("theme", ""),
        "city": params.get("city", ""),
        "lang": params.get("lang", ""),
    }
    themes = list(Theme.objects.all())
    cities = list(City.objects.filter(memberships__isnull=False).distinct().order_by("name"))
    raw_query = params.get("q", "")
    query = clean_query(raw_query)
    searched = bool(raw_query.strip())
    builtin = bool(query) and settings.LIBRARY_SEARCH == "builtin"
    if builtin:
        results = _builtin_search(
            index=index, query=query, filters=filters, themes=themes, cities=cities
        )
    else:
        items = _library_items(index, locale)
        if filters["kind"] in Kind.values:
            items = items.filter(kind=filters["kind"])
        if filters["area"] in Area.values:
            items = items.filter(area=filters["area"])
        if filters["theme"]:
            items = items.filter(themes__slug=filters["theme"])
        if filters["city"]:
            items = items.filter(cities__slug=filters["city"])
        languages = dict(settings.LANGUAGES)
        if filters["lang"] in languages:
            items = items.filter(
                Exists(
                    published_items().filter(
                        translation_key=OuterRef("translation_key"),
                        locale__language_code=filters["lang"],
                    )
                )
            )
        results = _ranked(items, query) if query else items.order_by("-first_published_at", "-pk")
    paginator = Paginator(results, PAGE_SIZE)
    page_number = params.get("page", "1")
    page_obj = paginator.get_page(page_number)
    rows = list(page_obj.object_list)
    if builtin:
        rows = _pages_in_order(rows)
    _attach_cities(rows)
    for row in rows:
        words = query
        if builtin:
            from .search import matched_words

            words = matched_words(row.summary, query, row.locale.language_code)
        row.snippet = highlight(row.summary, words)
    return {
        "items": rows,
        "page_obj": page_obj,
        "query": query,
        "raw_query": raw_query[:QUERY_MAX_CHARS],
        "searched": searched,
        "empty_query": searched and not query,
        "filters": filters,
        "facets": _facets(results, rows, themes, cities) if query else {},
        "kinds": Kind.choices,
        "areas": Area.choices,
        "themes": themes,
        "cities": cities,
        "library_languages": list(settings.LANGUAGES),
        "feed_url": f"{index.url}feed/" if index.url else "feed/",
    }


def _pages_in_order(ids) -> list:
    pages = KnowledgeItemPage.objects.filter(pk__in=ids).defer_streamfields()
    by_pk = {page.pk: page for page in pages}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _attach_cities(rows) -> None:
    """The cities of a page of results in one query (search results are not querysets)."""
    through = KnowledgeItemPage.cities.through
    by_page = defaultdict(list)
    for link in through.objects.filter(
        knowledgeitempage_id__in=[r.pk for r in rows]
    ).select_related("city"):
        by_page[link.knowledgeitempage_id].append(link.city)
    locales = {locale.pk: locale for locale in Locale.objects.all()}
    for row in rows:
        row.city_list = sorted(by_page[row.pk], key=lambda city: city.name)
        row.locale = locales[row.locale_id]


def item_context(*, page, request) -> dict:
    url = page.get_full_url(request=request) or ""
    cities = getattr(page, "cities_read", None)
    if cities is None:
        cities = list(page.cities.all())
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": page.summary,
        "inLanguage": page.locale.language_code,
        "url": url,
        "genre": str(page.get_kind_display()),
        "publisher": {"@type": "Organization", "name": "Baobab"},
        "about": [city.name for city in cities],
    }
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    translations = list(page.get_translations().live().public().select_related("locale"))
    for other in translations:
        other.language_local_name = get_language_info(other.locale.language_code)["name_local"]
    # Escaped as Django's json_script does, so the data block cannot close its script element.
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return {
        "share_url": url,
        "json_ld": mark_safe(text),
        "whatsapp_text": f"{page.title} {url}",
        "item_cities": cities,
        "item_themes": list(page.themes.all()),
        "translations": translations,
    }


def items_drawing_on(record, *, language_code=None) -> list:
    """Published items that draw on ``record`` (or on any of a list of records of one kind,
    e.g. a pilot's decisions), in the reader's language where they exist."""
    records = list(record) if isinstance(record, list | tuple | QuerySet) else [record]
    if not records:
        return []
    content_type = ContentType.objects.get_for_model(records[0])
    locale = (
        Locale.get_active()
        if language_code is None
        else Locale.objects.get(language_code=language_code)
    )
    items = published_items().filter(
        sources__content_type=content_type, sources__object_id__in=[r.pk for r in records]
    )
    return list(items.filter(locale=locale).distinct().order_by("title"))


def city_stories(city) -> list:
    """The published stories of a city, each once: in the reader's language where it exists,
    else in the language it was written in."""
    from .models import Kind

    active = Locale.get_active()
    chosen = {}
    stories = published_items().filter(kind=Kind.CITY_STORY, cities=city).order_by("pk")
    for item in stories:
        if item.translation_key not in chosen or item.locale_id == active.pk:
            chosen[item.translation_key] = item
    return sorted(chosen.values(), key=lambda item: item.title)


def key_figure(name: str):
    """A key figure computed from the records (see KEY_FIGURE_CHOICES)."""
    active = Membership.objects.filter(status="active")
    if name == "cities":
        return active.values("city").distinct().count()
    if name == "inhabitants":
        return active.aggregate(total=Sum("city__population"))["total"] or 0
    if name == "action_plans_approved":
        from programme.models import CityDeliverable

        return CityDeliverable.objects.filter(
            deliverable__kind="action_plan", status="approved"
        ).count()
    if name == "published_items":
        return published_items().values("translation_key").distinct().count()
    return None


def pilot_summary(pilot_id):
    """A pilot's public facts and its indicators' target-vs-actual charts, drawn as on the
    pilot's own page; None for an unknown pilot."""
    from experiments.models import IndicatorValue, Pilot
    from experiments.selectors import indicator_chart

    values = IndicatorValue.objects.order_by("period_start")
    pilot = (
        Pilot.objects.filter(pk=pilot_id)
        .select_related("city", "theme")
        .prefetch_related(Prefetch("indicators__values", queryset=values))
        .first()
    )
    if pilot is None:
        return None
    indicators = [
        {"indicator": indicator, "chart": indicator_chart(indicator)}
        for indicator in pilot.indicators.all()
    ]
    return {"pilot": pilot, "indicators": indicators}


# Capture inbox -------------------------------------------------------------------------------


def inbox(*, city_id=None, limit=50) -> list[dict]:
    """Candidates not yet captured or dismissed, per provider; ``city_id`` narrows to a city."""
    sections = []
    for provider in capture.active_providers():
        model = provider.model
        content_type = ContentType.objects.get_for_model(model)
        handled = CaptureMark.objects.filter(content_type=content_type).values("object_id")
        records = provider.candidates(model).exclude(pk__in=handled)
        if city_id is not None:
            records = records.filter(**{provider.city_lookup: city_id})
        rows = [{"pk": record.pk, **provider.describe(record)} for record in records[:limit]]
        sections.append({"key": provider.key, "label": provider.label, "rows": rows})
    return sections


def handled_marks(limit=30):
    return list(
        CaptureMark.objects.select_related("content_type", "item", "by").order_by("-at")[:limit]
    )


# Translations overview -----------------------------------------------------------------------


def translations_overview() -> dict:
    """Per item (its original), each language: missing, up to date, or out of date."""
    from wagtail_localize.models import Translation

    pages = list(
        KnowledgeItemPage.objects.select_related("locale").order_by("translation_key", "pk")
    )
    groups = defaultdict(list)
    for page in pages:
        groups[page.translation_key].append(page)
    synced = {}
    for translation in Translation.objects.filter(
        source__object_id__in=list(groups)
    ).select_related("source", "target_locale"):
        key = (translation.source.object_id, translation.target_locale.language_code)
        synced[key] = translation.source.last_updated_at
    codes = [code for code, _name in settings.LANGUAGES]
    rows = []
    for key, group in groups.items():
        source = group[0]
        by_code = {page.locale.language_code: page for page in group}
        source_changed = source.latest_revision_created_at or source.last_published_at
        cells = []
        for code in codes:
            page = by_code.get(code)
            if page is None:
                cells.append({"code": code, "state": "missing", "label": _("Missing")})
            elif page is source:
                cells.append(
                    {"code": code, "state": "source", "label": _("Original"), "page": page}
                )
            else:
                sync = synced.get((key, code)) or page.latest_revision_created_at
                stale = bool(source_changed and sync and source_changed > sync)
                cells.append(
                    {
                        "code": code,
                        "state": "stale" if stale else "current",
                        "label": _("Out of date") if stale else _("Up to date"),
                        "page": page,
                    }
                )
        rows.append({"source": source, "cells": cells})
    rows.sort(key=lambda row: row["source"].title.lower())
    return {"rows": rows, "codes": codes}


# Strategy: calendar, coverage, document -------------------------------------------------------


def plan_entries():
    return CapturePlanEntry.objects.select_related("theme", "city").order_by("due_date", "what")


def calendar(entries=None) -> list[dict]:
    """Entries grouped by month of their due date, with the month's days and cost."""
    entries = list(plan_entries()) if entries is None else entries
    months = {}
    for entry in entries:
        month = entry.due_date.replace(day=1)
        bucket = months.setdefault(
            month, {"month": month, "entries": [], "days": Decimal(0), "cost": Decimal(0)}
        )
        bucket["entries"].append(entry)
        bucket["days"] += entry.days
        bucket["cost"] += entry.cost
    return [months[key] for key in sorted(months)]


def coverage() -> dict:
    """Areas and themes by cities: for each cell, planned (plan entries), captured (items in
    draft) and published (live items); a cell with nothing at all is a gap."""
    cities = list(City.objects.filter(memberships__status="active").distinct().order_by("name"))
    themes = list(Theme.objects.all())
    lines = [("area", value, label) for value, label in Area.choices] + [
        ("theme", theme.pk, theme.label) for theme in themes
    ]
    counts = defaultdict(lambda: {"planned": 0, "captured": 0, "published": 0})
    for entry in CapturePlanEntry.objects.values("area", "theme_id", "city_id"):
        city_ids = [entry["city_id"]] if entry["city_id"] else [c.pk for c in cities]
        for city_id in city_ids:
            counts[("area", entry["area"], city_id)]["planned"] += 1
            if entry["theme_id"]:
                counts[("theme", entry["theme_id"], city_id)]["planned"] += 1
    # Each item counts once, in its original language.
    originals = KnowledgeItemPage.objects.filter(
        ~Exists(
            KnowledgeItemPage.objects.filter(
                translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
            )
        )
    )
    live_keys = set(published_items().values_list("translation_key", flat=True))
    state = {
        item["pk"]: ("published" if item["translation_key"] in live_keys else "captured")
        for item in originals.values("pk", "translation_key")
    }
    item_areas = dict(originals.values_list("pk", "area"))
    city_links = KnowledgeItemPage.cities.through.objects.filter(knowledgeitempage_id__in=state)
    item_cities = defaultdict(list)
    for page_id, city_id in city_links.values_list("knowledgeitempage_id", "city_id"):
        item_cities[page_id].append(city_id)
    theme_links = KnowledgeItemPage.themes.through.objects.filter(knowledgeitempage_id__in=state)
    item_themes = defaultdict(list)
    for page_id, theme_id in theme_links.values_list("knowledgeitempage_id", "theme_id"):
        item_themes[page_id].append(theme_id)
    for page_id, status in state.items():
        for city_id in item_cities[page_id] or [c.pk for c in cities]:
            counts[("area", item_areas[page_id], city_id)][status] += 1
            for theme_id in item_themes[page_id]:
                counts[("theme", theme_id, city_id)][status] += 1
    rows = []
    gaps = 0
    for kind, key, label in lines:
        cells = []
        for city in cities:
            cell = dict(counts[(kind, key, city.pk)])
            cell["gap"] = not any(cell.values())
            gaps += cell["gap"]
            cells.append(cell)
        rows.append({"kind": kind, "label": label, "cells": cells})
    return {"cities": cities, "rows": rows, "gaps": gaps}


def strategy_context() -> dict:
    entries = list(plan_entries())
    by_area = defaultdict(list)
    for entry in entries:
        by_area[entry.get_area_display()].append(entry)
    methods = defaultdict(int)
    formats = defaultdict(int)
    channels = defaultdict(int)
    roles = defaultdict(lambda: {"days": Decimal(0), "cost": Decimal(0), "count": 0})
    for entry in entries:
        methods[entry.get_method_display()] += 1
        formats[entry.get_format_display()] += 1
        channels[entry.get_channel_display()] += 1
        role = roles[entry.get_owner_role_display()]
        role["days"] += entry.days
        role["cost"] += entry.cost
        role["count"] += 1
    return {
        "entries": entries,
        "by_area": dict(by_area),
        "methods": sorted(methods.items()),
        "formats": sorted(formats.items()),
        "channels": sorted(channels.items()),
        "roles": sorted(roles.items()),
        "calendar": calendar(entries),
        "total_days": sum((e.days for e in entries), Decimal(0)),
        "total_cost": sum((e.cost for e in entries), Decimal(0)),
        "generated": timezone.localdate(),
    }


# The city workspace ----------------------------------------------------------------------------

WRITABLE_KINDS = (Kind.CITY_STORY, Kind.CASE_STUDY)


def city_library(*, city, language_code: str):
    """Where a city team files a new item: the library of the city's network in the user's
    language, else that network's library in another language, else any library."""
    from .models import KnowledgeIndexPage
    from .services import library_for

    if city is None:
        return library_for(language_code)
    networks = set(Membership.objects.filter(city=city).values_list("network_id", flat=True))
    indexes = sorted(
        KnowledgeIndexPage.objects.select_related("locale"),
        key=lambda index: (index.locale.language_code != language_code, index.pk),
    )
    for index in indexes:
        if getattr(index.get_parent().specific, "network_id", None) in networks:
            return index
    return library_for(language_code)


def city_story(*, city, language_code: str):
    """The city's story to carry on, draft or published: the one in the user's language first,
    then the one last edited."""
    stories = list(
        KnowledgeItemPage.objects.filter(kind=Kind.CITY_STORY, cities=city)
        .select_related("locale")
        .order_by(F("latest_revision_created_at").desc(nulls_last=True), "pk")
    )
    in_language = (story for story in stories if story.locale.language_code == language_code)
    return next(in_language, stories[0] if stories else None)


def _in_review(items) -> set:
    from wagtail.models import Page, WorkflowState

    return set(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(item.pk) for item in items],
        ).values_list("object_id", flat=True)
    )


def _item_status(item, in_review) -> str:
    if str(item.pk) in in_review:
        return _("In review")
    if item.live and item.has_unpublished_changes:
        return _("Published, with unpublished changes")
    return _("Published") if item.live else _("Draft")


def workspace_section(*, user, city):
    """The city's story and case studies, with the actions that start or carry them on."""
    from django.urls import reverse
    from django.utils.translation import get_language

    language = (get_language() or "en")[:2]
    story = city_story(city=city, language_code=language)
    items = list(
        KnowledgeItemPage.objects.filter(kind__in=WRITABLE_KINDS, cities=city)
        .select_related("locale")
        .order_by("kind", "title")
    )
    in_review = _in_review(items)
    story_action = (
        {
            "label": _("Continue our city story"),
            "url": reverse("wagtailadmin_pages:edit", args=[story.pk]),
        }
        if story
        else {
            "label": _("Write our city story"),
            "url": reverse("knowledge_write", args=[Kind.CITY_STORY]),
        }
    )
    return {
        "title": _("Our city story and case studies"),
        "actions": [
            story_action,
            {
                "label": _("Draft a case study"),
                "url": reverse("knowledge_write", args=[Kind.CASE_STUDY]),
            },
        ],
        "steps": [
            {
                "title": f"{item.get_kind_display()}: {item.title}",
                "url": reverse("wagtailadmin_pages:edit", args=[item.pk]),
                "done": item.live,
                "detail": f"{_item_status(item, in_review)} · {item.locale.get_display_name()}",
            }
            for item in items
        ],
        "warnings": [],
    }
