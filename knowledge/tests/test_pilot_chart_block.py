"""A knowledge item's pilot block draws the pilot's target-vs-actual charts, as its page does."""

from bs4 import BeautifulSoup

from experiments.models import Pilot

from .helpers import item


def test_the_pilot_block_draws_each_indicators_chart(client, db):
    pilot = Pilot.objects.filter(indicators__values__isnull=False).distinct().first()
    page = item(
        title="What the addresses pilot showed",
        slug="addresses-pilot-showed",
        body=[{"type": "pilot_chart", "value": {"pilot_id": pilot.pk, "caption": ""}}],
    )
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    block = html.select_one("section.pilot-chart")
    assert block.h2.get_text() == pilot.title
    assert (
        len(block.select("svg.indicator-chart"))
        == pilot.indicators.filter(values__isnull=False).distinct().count()
    )
    assert block.select("table caption")


def test_an_unknown_pilot_leaves_the_block_out(client, db):
    page = item(
        title="A block for a pilot since deleted",
        slug="pilot-since-deleted",
        body=[{"type": "pilot_chart", "value": {"pilot_id": 999999, "caption": ""}}],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert b"pilot-chart" not in response.content
