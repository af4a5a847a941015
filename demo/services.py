"""Loads the ASToN demo data set. Idempotent: a second run updates records, it never duplicates."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Locale, Page, Site

from baobab.exceptions import SYSTEM, NotAllowed
from network import services as network_services
from onboarding import services as onboarding_services
from programme.models import CityDeliverable, Deliverable, Phase, ProgrammePage, StakeholderMember
from website.models import CityIndexPage, CityPage, HomePage
from website.sites import default_site_sync

from . import aston
from . import experiments as demo_experiments
from . import impact as demo_impact
from . import knowledge as demo_knowledge
from . import learning as demo_learning
from . import roadmap as demo_roadmap


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
    # The top of the page tree is what the page explorer shows first: the platform's name
    # reads better there than Wagtail's "Root", in every language.
    Page.objects.filter(pk=root.pk).exclude(title="Baobab").update(
        title="Baobab", draft_title="Baobab"
    )
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
    default_site_sync(root_page=en, site_name="Baobab")
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


def _programme_pages(homes, locales) -> None:
    en = ProgrammePage.objects.child_of(homes["en"]).first()
    if en is None:
        en = homes["en"].add_child(
            instance=ProgrammePage(
                title=aston.PROGRAMME_PAGE["en"]["title"], slug="programme", live=False
            )
        )
    _publish_if_changed(en, aston.PROGRAMME_PAGE["en"])
    for code, locale in locales.items():
        if code != "en":
            _translated(en, locale, aston.PROGRAMME_PAGE[code])


def _onboarding(network, memberships) -> None:
    for order, (title, days, paperwork, public) in enumerate(aston.ONBOARDING_STEPS, start=1):
        onboarding_services.onboarding_step_upsert(
            network=network,
            order=order,
            title=title,
            expected_days=days,
            is_paperwork=paperwork,
            makes_membership_public=public,
            actor=SYSTEM,
        )
    for index, membership in enumerate(memberships):
        onboarding_services.city_checklist_create(membership=membership, actor=SYSTEM)
        slug = membership.city.slug
        agreement = aston.SELECTION_DATE + timedelta(days=95 + 6 * index)
        agreement += timedelta(days=aston.SLOW_PAPERWORK.get(slug, 0))
        done = {
            "First contact and confirmation": aston.SELECTION_DATE + timedelta(days=10 + index),
            "Agreement signed": agreement,
            "First bank transfer received": agreement + timedelta(days=40 + 2 * index),
            "Membership made public": aston.ANNOUNCED_ON,
            "Inaugural event attended": aston.INAUGURAL_EVENT,
            "Secretariat visit to the city": datetime.date(2019, 11, 4) + timedelta(days=9 * index),
        }
        for city_step in membership.steps.select_related("step", "membership"):
            title = city_step.step.title
            if aston.OPEN_STEPS.get(slug) == title:
                fields = {"status": "in_progress", "done_date": None}
            else:
                fields = {"status": "done", "done_date": done[title]}
            if any(getattr(city_step, name) != value for name, value in fields.items()):
                onboarding_services.city_step_update(city_step=city_step, actor=SYSTEM, **fields)


def _programme(network, cities) -> None:
    for phase_data in aston.PHASES:
        fields = {k: v for k, v in phase_data.items() if k != "deliverables"}
        phase = Phase.objects.filter(network=network, kind=fields["kind"]).first()
        phase = phase or Phase(network=network)
        for name, value in fields.items():
            setattr(phase, name, value)
        phase.full_clean()
        phase.save()
        for order, kind in enumerate(phase_data["deliverables"]):
            deliverable, _ = Deliverable.objects.get_or_create(
                phase=phase, kind=kind, defaults={"order": order}
            )
            for index, (slug, city) in enumerate(sorted(cities.items())):
                record, created = CityDeliverable.objects.get_or_create(
                    deliverable=deliverable, city=city
                )
                if not created:
                    continue
                _demo_deliverable(record, kind, slug, index)


def _demo_deliverable(record, kind, slug, index) -> None:
    reviewed = {"baseline": datetime.date(2020, 5, 15), "vision": datetime.date(2020, 6, 22)}
    if kind in reviewed:
        record.status, record.approved_by = "approved", aston.LEAD_EXPERT_REVIEW
        record.approved_on = reviewed[kind] + timedelta(days=index)
    elif kind == "action_plan":
        if slug in aston.NO_ACTION_PLAN:
            record.status = "in_progress"
        elif slug in aston.ACTION_PLAN_SUBMITTED:
            record.status = "submitted"
        else:
            record.status, record.approved_by = "approved", aston.CITY_COUNCIL
            record.approved_on = datetime.date(2021, 11, 8) + timedelta(days=12 * index)
    elif kind == "stakeholder_group":
        record.status = "submitted"
    else:
        record.status = "in_progress"
    record.full_clean()
    record.save()
    if kind == "stakeholder_group":
        for name, organisation in aston.STAKEHOLDERS:
            StakeholderMember.objects.create(
                city_deliverable=record, name=name, organisation=organisation
            )


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
        network_services.person_upsert(network=network, actor=SYSTEM, **fields)


@transaction.atomic
def demo_load(*, actor, progress=None) -> dict:
    """Create or update the ASToN network, its cities, pages in every language and demo accounts.

    The demo data set is the platform's own: only SYSTEM loads it.

    ``progress(step, total, label)`` is called after each step, for a progress bar.
    """
    if actor is not SYSTEM:
        raise NotAllowed
    total = 3 + len(aston.CITIES)
    step = 0

    def advance(label):
        nonlocal step
        step += 1
        if progress:
            progress(step, total, label)

    locales = _locales()
    network = network_services.network_upsert(actor=SYSTEM, **aston.NETWORK)
    for order, (slug, name, kind) in enumerate(aston.THEMES):
        network_services.theme_upsert(slug=slug, name=name, kind=kind, order=order, actor=SYSTEM)
    homes = _home_pages(network, locales)
    indexes = _city_index_pages(homes, locales)
    advance("network and home pages")

    cities = {}
    for data in aston.CITIES:
        fields = {k: v for k, v in data.items() if k != "text"}
        city = network_services.city_upsert(
            actor=SYSTEM,
            **fields,
            population_year=aston.POPULATION_YEAR,
            description=data["text"]["en"],
        )
        network_services.membership_upsert(
            network=network,
            city=city,
            status="active",
            selection_date=aston.SELECTION_DATE,
            join_date=aston.JOIN_DATE,
            actor=SYSTEM,
        )
        _city_pages(city, data["text"], indexes, locales)
        cities[city.slug] = city
        advance(city.name)

    _accounts(network, cities)
    _programme_pages(homes, locales)
    memberships = list(network.memberships.select_related("city", "network"))
    _onboarding(network, memberships)
    _programme(network, cities)
    advance("accounts, onboarding and programme")
    # Each later app loads its part; the order follows what each builds on.
    for loader in (demo_learning, demo_experiments, demo_roadmap, demo_knowledge, demo_impact):
        loader.load(network=network, cities=cities, homes=homes, locales=locales)
    advance("done")
    return {"network": network, "cities": len(cities)}
