"""Admin forms and listings speak to a city official: lists of names instead of standards'
codes, a short name in addresses filled in from the name, Yes/No, amounts as people write
them, in French and Portuguese."""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from baobab.currencies import CurrencySelect, currency_choices
from experiments.models import Pilot
from network.choices import LanguagesField, TimezoneSelect, language_choices, timezone_choices
from network.formatting import format_amount
from network.models import City


def _get(client, url, lang):
    with translation.override(lang):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=lang)


def test_the_currency_is_chosen_by_its_name_in_the_readers_language():
    with translation.override("fr"):
        names = dict(currency_choices())
    assert names["XOF"] == "franc CFA (BCEAO) (XOF)"
    assert names["EUR"] == "euro (EUR)"
    with translation.override("pt"):
        assert "Metical" in dict(currency_choices())["MZN"]
    # The current codes only, every one of them: Mauritania's ouguiya of 2018, not of 1973.
    codes = {code for code, _name in currency_choices()}
    assert {"MRU", "SLE", "VES", "XOF", "XAF", "MAD", "TND", "NGN"} <= codes
    assert "MRO" not in codes


def test_the_pilot_form_offers_a_currency_list_and_keeps_the_code(login, aston):
    client = login("secretariat")
    pilot = Pilot.objects.filter(city__slug="seme-podji").first()
    response = _get(
        client, reverse("wagtailsnippets_experiments_pilot:edit", args=[pilot.pk]), "fr"
    )
    form = response.context["form"]
    assert isinstance(form.fields["currency"].widget, CurrencySelect)
    html = response.content.decode()
    assert re.search(rf'<option value="{pilot.currency}"[^>]*selected', html)
    assert "ISO 4217" not in html


def test_time_zones_are_grouped_by_region_with_the_citys_first():
    with translation.override("fr"):
        choices = timezone_choices("Africa/Porto-Novo")
    assert choices[0] == ("Africa/Porto-Novo", "Porto-Novo (Africa/Porto-Novo)")
    groups = dict(c for c in choices if isinstance(c[1], list))
    assert "Afrique" in groups and "Europe" in groups
    assert ("Africa/Bamako", "Bamako") in groups["Afrique"]
    assert all("/" in zone for zone, _label in groups["Afrique"])


def test_the_city_form_has_a_time_zone_list_starting_with_its_zone(login, aston):
    client = login("bamako")
    bamako = City.objects.get(slug="bamako")
    response = _get(client, reverse("wagtailsnippets_network_city:edit", args=[bamako.pk]), "pt")
    assert isinstance(response.context["form"].fields["timezone"].widget, TimezoneSelect)
    html = response.content.decode()
    select = html[html.index('name="timezone"') :]
    first_option = re.search(r'<option value="([^"]+)"', select).group(1)
    assert first_option == "Africa/Bamako"
    assert '<optgroup label="África">' in select
    assert "IANA" not in html


def test_a_new_event_of_a_city_team_starts_in_its_citys_zone(login, aston):
    client = login("lagos")
    response = _get(client, reverse("wagtailsnippets_learning_event:add"), "fr")
    if response.status_code == 200:
        form = response.context["form"]
        assert form.initial["timezone"] == "Africa/Lagos"
    else:  # a city team may not add events: the secretariat's form starts in UTC
        assert response.status_code in (302, 403)


def test_languages_are_ticked_in_a_list_of_names_main_language_kept_first(login, aston):
    with translation.override("fr"):
        names = dict(language_choices())
    assert names["bm"] == "Bambara" and names["fr"] == "Français" and names["rw"]
    field = LanguagesField(required=False)
    assert field.clean(["rw", "en", "fr"]) == ["rw", "en", "fr"]
    assert field.clean("fr, bm") == ["fr", "bm"]  # typed as one line still works
    client = login("secretariat")
    kigali = City.objects.get(slug="kigali")
    response = _get(client, reverse("wagtailsnippets_network_city:edit", args=[kigali.pk]), "fr")
    html = response.content.decode()
    ticked = re.findall(r'name="languages" value="(\w+)"[^>]*checked', html)
    assert ticked == ["rw", "en", "fr"]  # in the city's order: the main language first
    assert "ISO 639" not in html and "Kinyarwanda" in html


def test_the_short_name_in_addresses_is_filled_from_the_name_on_new_records(login, aston):
    client = login("secretariat")
    html = _get(client, reverse("wagtailsnippets_network_theme:add"), "fr").content.decode()
    name = re.search(r'<input[^>]+name="name"[^>]*>', html).group(0)
    slug = re.search(r'<input[^>]+name="slug"[^>]*>', html).group(0)
    assert "w-sync" in name and 'data-w-sync-target-value="#id_slug"' in name
    assert 'data-controller="w-slug"' in slug
    assert "nom court dans les adresses web" in html.lower()
    assert "slug" not in _visible_text(html).lower()
    # Once saved, renaming keeps the address that people shared.
    city = City.objects.get(slug="matola")
    html = _get(
        client, reverse("wagtailsnippets_network_city:edit", args=[city.pk]), "pt"
    ).content.decode()
    name = re.search(r'<input[^>]+name="name"[^>]*>', html).group(0)
    assert "w-sync#apply" not in name
    assert "nome curto nos endereços web" in html.lower()


@pytest.mark.parametrize(
    ("lang", "amount", "currency", "shown"),
    [
        ("fr", Decimal("20000.0000"), "EUR", "20\u202f000\xa0EUR"),
        ("pt", Decimal("20000.0000"), "EUR", "20.000\xa0EUR"),
        ("en", Decimal("20000.0000"), "EUR", "20,000\xa0EUR"),
        ("fr", Decimal("3750.000"), None, "3\u202f750"),
        ("fr", Decimal("1250.5"), "EUR", "1\u202f250,50\xa0EUR"),
        ("fr", Decimal("12.345"), "TND", "12,345\xa0TND"),
        ("fr", Decimal("150000"), "XOF", "150\u202f000\xa0XOF"),
        ("fr", None, "EUR", "–"),
    ],
)
def test_amounts_are_shown_without_padding(lang, amount, currency, shown):
    with translation.override(lang):
        assert format_amount(amount, currency) == shown
        template = Template("{% load amounts %}{{ value|amount:currency }}")
        assert template.render(Context({"value": amount, "currency": currency})) == shown


def test_listings_show_amounts_and_yes_no_in_words(login, aston):
    client = login("secretariat")
    html = _get(client, reverse("wagtailsnippets_experiments_pilot:list"), "fr").content.decode()
    assert not re.search(r"\d,0000", html)
    assert re.search(r"\d\u202f\d{3}\xa0EUR", html)
    html = _get(client, reverse("wagtailsnippets_network_person:list"), "pt").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert "False" not in text and "True" not in text
    assert "Sim" in text or "Não" in text
    html = _get(client, reverse("wagtailsnippets_network_invitation:list"), "fr").content.decode()
    assert "Get status display" not in html


JARGON = re.compile(
    r"Get [a-z]+ display|\b(?:True|False|None)\b|\bRoot\b|Borda|ISO 4217|ISO 639|IANA|"
    r"\bslug\b|Identificador de endereço|\d,0{3,}\b|Score de complémentarité|P/C/Pub"
)


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|svg|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_no_admin_listing_or_form_speaks_jargon(login, aston):
    from wagtail.snippets.models import get_snippet_models

    client = login("secretariat")
    found = []
    for lang in ("fr", "pt"):
        for model in get_snippet_models():
            viewset = model.snippet_viewset
            urls = [reverse(viewset.get_url_name("list")), reverse(viewset.get_url_name("add"))]
            first = model.objects.order_by("pk").first()
            if first is not None and lang == "fr":
                urls.append(reverse(viewset.get_url_name("edit"), args=[first.pk]))
                if viewset.inspect_view_enabled:
                    urls.append(reverse(viewset.get_url_name("inspect"), args=[first.pk]))
            for url in urls:
                response = _get(client, url, lang)
                if response.status_code != 200:
                    continue
                words = set(JARGON.findall(_visible_text(response.content.decode())))
                if words:
                    found.append(f"{lang} {url}: {sorted(words)}")
    assert not found, "\n".join(found)
