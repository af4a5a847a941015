"""The ASToN demo data of the knowledge app; called by ``demo_load``.

The texts are written for the demo from the facts in CONTEXT.md. Figures the records hold are
key-figure blocks computed when the page renders; the others are stated as the network reported
them.

The texts live in ``data/knowledge/``: ``index.yaml`` for the library's index page, one file per
item in ``items/`` (its tags and its text in each language, the body as compact blocks:
``text`` lists paragraphs, ``key_figure``, ``lessons`` and ``quote`` hold the block's fields),
and ``plan.yaml`` for the capture plan.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone

from baobab.exceptions import SYSTEM
from knowledge import services
from knowledge.models import KnowledgeIndexPage, KnowledgeItemPage
from network.models import Theme
from programme.models import Phase


def _p(*paragraphs):
    return {"type": "text", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def _figure(figure, caption=""):
    return {"type": "key_figure", "value": {"figure": figure, "caption": caption}}


def _lessons(heading, *lessons):
    return {"type": "lessons", "value": {"heading": heading, "lessons": list(lessons)}}


def _quote(text, author):
    return {"type": "quote", "value": {"text": text, "author": author}}


DATA = Path(__file__).resolve().parent / "data" / "knowledge"

# The compact block forms of the data files, read into the stream blocks of an item's body.
BLOCKS = {
    "text": lambda paragraphs: _p(*paragraphs),
    "key_figure": lambda value: _figure(**value),
    "lessons": lambda value: _lessons(value["heading"], *value["lessons"]),
    "quote": lambda value: _quote(**value),
}


def _read(path):
    with open(DATA / path, encoding="utf-8") as file:
        return yaml.safe_load(file)


def _block(data):
    ((kind, value),) = data.items()
    return BLOCKS[kind](value)


def _items():
    """The items in file-name order: the numbered names keep the pages' tree order stable."""
    for path in sorted((DATA / "items").glob("*.yaml")):
        data = _read(path)
        for text in data["text"].values():
            text["body"] = [_block(block) for block in text["body"]]
        data["revised"] = {code: _block(block) for code, block in data.get("revised", {}).items()}
        yield data


def _indexes(homes, locales) -> dict:
    from .services import _publish_if_changed, _translated

    index = _read("index.yaml")
    en = KnowledgeIndexPage.objects.child_of(homes["en"]).first()
    if en is None:
        en = homes["en"].add_child(
            instance=KnowledgeIndexPage(title=index["en"]["title"], slug="knowledge", live=False)
        )
    pages = {"en": _publish_if_changed(en, index["en"])}
    for code, locale in locales.items():
        if code != "en":
            pages[code] = _translated(en, locale, index[code])
    return pages


def _item(data, indexes, locales, cities, themes, phases) -> None:
    from .services import _publish_if_changed

    original = data["original"]
    first = data["text"][original]
    source = KnowledgeItemPage.objects.filter(slug=data["slug"], locale=locales[original]).first()
    created = source is None
    if created:
        source = indexes[original].add_child(
            instance=KnowledgeItemPage(
                title=first["title"],
                slug=data["slug"],
                summary=first["summary"],
                kind=data["kind"],
                area=data["area"],
                live=False,
            )
        )

    def fields(text):
        return {
            "title": text["title"],
            "summary": text["summary"],
            "body": text["body"],
            "kind": data["kind"],
            "area": data["area"],
            "audience": data["audience"],
            "phase": phases.get(data["phase"]),
        }

    def tag(page):
        page.cities = [cities[slug] for slug in data["cities"]]
        page.themes = [themes[slug] for slug in data["themes"]]

    def changes(page, text, new):
        values = fields(text)
        if not new:
            # A stream's stored form never equals the demo's: written once, then left to editors.
            values.pop("body")
        return values

    source = source.specific
    tag(source)
    _publish_if_changed(source, changes(source, first, created))
    for code, text in data["text"].items():
        if code == original:
            continue
        page = source.get_translation_or_none(locales[code])
        new = page is None
        if new:
            page = source.copy_for_translation(locales[code])
        page = page.specific
        tag(page)
        _publish_if_changed(page, changes(page, text, new))
    if created and data.get("revised"):
        source.body = [*first["body"], data["revised"][original]]
        source.save_revision().publish()


def _capture_candidates(network, cities) -> None:
    """A reflection marked worth sharing and an event with notes, for the capture inbox, when
    the learning journey's own demo has none."""
    from learning.models import Event, Quarter, Reflection

    if not Reflection.objects.filter(share_lesson=True).exists():
        quarter, _ = Quarter.objects.get_or_create(
            network=network,
            name="2021 Q2",
            defaults={"start": datetime.date(2021, 4, 1), "end": datetime.date(2021, 6, 30)},
        )
        Reflection.objects.get_or_create(
            city=cities["bamako"],
            quarter=quarter,
            defaults={
                "tried": "We ran two street-addressing workshops with neighbourhood chiefs.",
                "worked": "Chiefs named the streets themselves, so residents adopted the names.",
                "did_not_work": "Our printed maps were out of date within a month.",
                "next_steps": "Keep the map online and let chiefs report new streets.",
                "lesson": "Let the neighbourhood name its streets: the names then stick.",
                "share_lesson": True,
                "submitted_at": timezone.make_aware(datetime.datetime(2021, 6, 25, 12, 0)),
            },
        )
    if not Event.objects.exclude(notes="").exists():
        start = timezone.make_aware(datetime.datetime(2021, 10, 12, 9, 0))
        Event.objects.get_or_create(
            network=network,
            title="Transnational meeting in Kigali",
            defaults={
                "kind": "transnational_meeting",
                "start": start,
                "end": start + datetime.timedelta(days=2),
                "host_city": cities["kigali"],
                "notes": "Every city came, mayors included. The critical-friend pairs presented "
                "each other's pilots, which made the feedback sharper than in plenary.",
            },
        )


def load(*, network, cities, homes, locales) -> None:
    """Create or update the demo records (idempotent: a second run duplicates nothing)."""
    indexes = _indexes(homes, locales)
    services.knowledge_review_setup(indexes=list(indexes.values()), actor=SYSTEM)
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    phases = {phase.kind: phase for phase in Phase.objects.filter(network=network)}
    for data in _items():
        _item(data, indexes, locales, cities, themes, phases)
    for entry in _read("plan.yaml"):
        theme, city, days = entry.pop("theme"), entry.pop("city"), entry.pop("days")
        services.capture_plan_entry_upsert(
            actor=SYSTEM,
            **entry,
            theme=themes.get(theme) if theme else None,
            city=cities.get(city) if city else None,
            # Quoted in the file, so that no float stands between the text and the Decimal.
            days=Decimal(days),
        )
    _capture_candidates(network, cities)
