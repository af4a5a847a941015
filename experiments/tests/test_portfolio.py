"""The public portfolio: totals computed from the records, filters, charts, pilot pages."""

import datetime
import gzip
from decimal import Decimal

from bs4 import BeautifulSoup

from baobab.exceptions import SYSTEM
from experiments import selectors, services
from experiments.models import Pilot


def soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def test_the_demo_portfolio_adds_up_to_the_networks_figures(aston):
    # Hand-computed from demo/experiments.py: 92,850 EUR + 65,595,700 XOF x 0.0015244902
    # (100,000.00) + 20,000,000 NGN x 0.002 (40,000) + 350,000 MAD x 0.093 (32,550)
    # + 100,000 TND x 0.31 (31,000) + 150,000,000 UGX x 0.00024 (36,000)
    # + 40,000,000 RWF x 0.00085 (34,000) + 200,000 GHS x 0.145 (29,000)
    # + 2,000,000 MZN x 0.0135 (27,000) + 1,200,000 MRU x 0.023 (27,600) = 450,000.
    rates = selectors.rates_for(network=aston)
    totals = selectors.portfolio_totals(pilots=selectors.network_pilots(network=aston), rates=rates)
    assert totals.budget_eur == Decimal("450000.00")
    assert totals.people == 424
    assert totals.pilots == 15
    assert totals.by_currency["XOF"]["budget"] == Decimal("65595700")
    assert totals.by_currency["XOF"]["budget_eur"] == Decimal("100000.00")
    assert totals.unconverted == []


def test_the_portfolio_page_shows_the_totals_rates_and_charts(client, db):
    page = soup(client, "/en/pilots/")
    assert page.select_one('[data-total="budget-eur"]').text == "450,000\xa0EUR"
    assert page.select_one('[data-total="people"]').text == "424"
    xof = page.select_one('tr[data-currency="XOF"]').text
    assert "0.0015244902" in xof and "Dec. 31, 2021" in xof
    assert len(page.select("#theme-chart rect")) == 8
    assert len(page.select("#city-chart rect")) == 11
    assert len(page.select(".pilot-list li")) == 15
    assert "<script" not in str(page) and "style=" not in str(page)


def test_filters_narrow_the_pilots_and_their_totals(client, db):
    page = soup(client, "/en/pilots/?decision=scale_up")
    titles = {a.text for a in page.select(".pilot-list a")}
    assert titles == {
        "Street addresses for Hamdallaye",
        "Paying market levies by phone",
        "Mobile money for market dues",
        "Addressing the streets of Agblangandan",
    }
    # 50,000 + 40,000 + 36,000 + 20,000 EUR; 60 + 70 + 45 + 24 people.
    assert page.select_one('[data-total="budget-eur"]').text == "146,000\xa0EUR"
    assert page.select_one('[data-total="people"]').text == "199"
    page = soup(client, "/en/pilots/?city=lagos&theme=mobility&status=running")
    assert [a.text for a in page.select(".pilot-list a")] == ["Mapping informal bus stops"]
    page = soup(client, "/en/pilots/?decision=none")
    assert {a.text for a in page.select(".pilot-list a")} == {
        "Sensors for the old port's parking",
        "A dashboard for council decisions",
    }


def test_an_unknown_filter_value_is_said_and_ignored(client, db):
    page = soup(client, "/en/pilots/?city=atlantis&status=running")
    assert "Select a valid choice" in page.select_one(".filters .error").text
    assert len(page.select(".pilot-list li")) == 2  # the two running pilots


def test_a_currency_without_a_rate_is_left_out_and_said(client, aston, new_pilot):
    new_pilot.currency, new_pilot.budget_amount = "KES", Decimal("100000")
    new_pilot.full_clean()
    new_pilot.save()
    page = soup(client, "/en/pilots/")
    assert page.select_one('[data-total="budget-eur"]').text == "450,000\xa0EUR"
    assert "No exchange rate is recorded for KES" in page.text


def test_a_recorded_decision_changes_the_filtered_totals(client, bamako_pilot):
    services.decision_record(
        pilot=bamako_pilot,
        kind="scale_up",
        decided_on=datetime.date(2022, 3, 1),
        decided_by="Mayor",
        evidence="Reports answered within a day.",
        actor=SYSTEM,
    )
    page = soup(client, "/en/pilots/?decision=scale_up")
    assert page.select_one('[data-total="budget-eur"]').text == "166,000\xa0EUR"


def test_the_pilot_page_shows_indicators_decisions_and_never_internal_notes(client, db):
    pilot = Pilot.objects.get(slug="bamako-street-addressing")
    assert pilot.internal_notes
    for language in ("en", "fr", "pt"):
        page = soup(client, f"/{language}/pilots/bamako-street-addressing/")
        assert pilot.internal_notes not in page.text
        assert page.select_one("h1").text == "Street addresses for Hamdallaye"
        chart = page.select_one("svg.indicator-chart")
        assert len(chart.select("rect.target")) == 3 and len(chart.select("rect.actual")) == 3
        assert len(page.select(".decisions li")) == 2
    page = soup(client, "/fr/pilots/bamako-street-addressing/")
    assert "Passer à l’échelle" in page.select_one(".decisions li").text
    assert "32 797 850" in page.text.replace("\u202f", " ").replace("\xa0", " ")


def test_an_unknown_pilot_is_missing(client, db):
    assert client.get("/en/pilots/no-such-pilot/").status_code == 404


def test_the_city_page_lists_its_pilots(client, db):
    page = soup(client, "/fr/cities/lagos/")
    links = {a["href"] for a in page.select(".pilot-list a")}
    assert links == {"/fr/pilots/lagos-market-tax/", "/fr/pilots/lagos-bus-stop-data/"}


def test_the_city_page_and_the_portfolio_share_one_pilot_list(client, db):
    """Same item markup on both; the portfolio adds the city, the city page the budget."""
    on_city = soup(client, "/en/cities/lagos/").select_one(
        '.pilot-list li:has(a[href$="/lagos-market-tax/"])'
    )
    on_index = soup(client, "/en/pilots/").select_one(
        '.pilot-list li:has(a[href$="/lagos-market-tax/"])'
    )
    for item in (on_city, on_index):
        assert item.select_one("small span.status")
    assert on_index.small.text.startswith("Lagos · ") and "NGN" not in on_index.small.text
    assert not on_city.small.text.startswith("Lagos") and "NGN" in on_city.small.text


def test_pages_are_light_in_every_language(client, db):
    for path in ["/en/pilots/", "/fr/pilots/", "/pt/pilots/", "/fr/pilots/lagos-market-tax/"]:
        assert len(gzip.compress(client.get(path).content)) <= 14 * 1024, path


def test_writes_drop_the_cached_portfolio(client, bamako_pilot):
    assert client.get("/en/pilots/").get("X-Cache") == "miss"
    assert client.get("/en/pilots/").get("X-Cache") == "hit"
    services.pilot_upsert(
        network=bamako_pilot.network,
        city=bamako_pilot.city,
        slug=bamako_pilot.slug,
        people_reached=26,
        actor=SYSTEM,
    )
    page = client.get("/en/pilots/")
    assert page.get("X-Cache") == "miss"
    assert 'data-total="people">425<' in page.content.decode()
