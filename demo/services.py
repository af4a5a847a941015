"""Loads the ASToN demo data set. Idempotent: a second run updates records, it never duplicates."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Locale, Page, Site

from network import services as network_services
from website.models import CityIndexPage, CityPage, HomePage

from . import aston


def _locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


def _publish_if_changed(page: Page, fields: dict) -> Page:
    changed = any(getattr(page, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(page, name, value)
    if changed or not page.live or page.has_unpublished_changes:
        page.save_revision().publish()
    return page


def _translated(source: Page, locale: Locale, fields: dict) -> Page:
    """The page's translation in ``locale``, created from the source when missing."""
    page = source.get_translation_or_none(locale)
    if page is None:
        page = source.copy_for_translation(locale)
    return _publish_if_changed(page.specific, fields)


def _home_pages(network, locales) -> dict[str, HomePage]:
    root = Page.get_first_root_node()
    # The "Welcome to Wagtail" page of a fresh install is not part of Baobab; it holds the slug.
    welcome = root.get_children().filter(content_type=ContentType.objects.get_for_model(Page))
    Site.objects.filter(root_page__in=welcome).delete()
    welcome.delete()
    en = HomePage.objects.filter(locale=locales["en"]).first()
    if en is None:
        en = root.add_child(
            instance=HomePage(
                title=aston.HOME["en"]["title"], slug="home", network=network, live=False
            )
        )
    pages = {"en": _publish_if_changed(en, {"network": network, **aston.HOME["en"]})}
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": en, "site_name": "Baobab"},
    )
    for code, locale in locales.items():
        if code != "en":
            pages[code] = _translated(en, locale, aston.HOME[code])
    return pages


def _city_index_pages(homes, locales) -> dict[str, CityIndexPage]:
    en = CityIndexPage.objects.child_of(homes["en"]).first()
    if en is None:
        en = homes["en"].add_child(
            instance=CityIndexPage(title=aston.CITY_INDEX["en"]["title"], slug="cities", live=False)
        )
    pages = {"en": _publish_if_changed(en, aston.CITY_INDEX["en"])}
    for code, locale in locales.items():
        if code != "en":
            pages[code] = _translated(en, locale, aston.CITY_INDEX[code])
    return pages


def _city_pages(city, text, indexes, locales) -> None:
    en = CityPage.objects.filter(city=city, locale=locales["en"]).first()
    if en is None:
        en = indexes["en"].add_child(
            instance=CityPage(title=city.name, slug=city.slug, city=city, live=False)
        )
    _publish_if_changed(en, {"title": city.name, "body": f"<p>{text['en']}</p>"})
    for code, locale in locales.items():
        if code != "en":
            _translated(en, locale, {"title": city.name, "body": f"<p>{text[code]}</p>"})


def _accounts(network, cities) -> None:
    User = get_user_model()
    for data in aston.PEOPLE:
        fields = {k: v for k, v in data.items() if k != "username"}
        first, _sep, last = data["name"].partition(" ")
        user, _ = User.objects.get_or_create(
            username=data["username"],
            defaults={"email": data["email"], "first_name": first, "last_name": last},
        )
        if not user.check_password(aston.DEMO_PASSWORD):
            user.set_password(aston.DEMO_PASSWORD)
            user.save()
        network_services.account_roles_apply(user=user, role=data["role"])
        fields.update(city=cities.get(data["city"]), user=user)
        network_services.person_upsert(network=network, **fields)


@transaction.atomic
def demo_load(*, progress=None) -> dict:
    """Create or update the ASToN network, its cities, pages in every language and demo accounts.

    ``progress(step, total, label)`` is called after each step, for a progress bar.
    """
    total = 3 + len(aston.CITIES)
    step = 0

    def advance(label):
        nonlocal step
        step += 1
        if progress:
            progress(step, total, label)

    locales = _locales()
    network = network_services.network_upsert(**aston.NETWORK)
    homes = _home_pages(network, locales)
    indexes = _city_index_pages(homes, locales)
    advance("network and home pages")

    cities = {}
    for data in aston.CITIES:
        fields = {k: v for k, v in data.items() if k != "text"}
        city = network_services.city_upsert(
            **fields, population_year=aston.POPULATION_YEAR, description=data["text"]["en"]
        )
        network_services.membership_upsert(
            network=network,
            city=city,
            status="active",
            selection_date=aston.SELECTION_DATE,
            join_date=aston.JOIN_DATE,
        )
        _city_pages(city, data["text"], indexes, locales)
        cities[city.slug] = city
        advance(city.name)

    _accounts(network, cities)
    advance("accounts")
    advance("done")
    return {"network": network, "cities": len(cities)}
