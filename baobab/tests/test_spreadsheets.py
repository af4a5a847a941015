"""Every CSV and XLSX Baobab writes opens as data, never as a formula: text starting with any
character a spreadsheet reads as one (= + - @ tab CR) comes out behind an apostrophe, in the
pilot portfolio, in each open dataset and in the admin listings' exports."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from baobab.spreadsheets import FORMULA_STARTS
from experiments.models import Pilot
from impact.opendata import TABLES
from learning.models import Event
from network.models import City, Person

pytestmark = pytest.mark.django_db


def _csv_cells(content: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content, newline="")) for cell in row]


def _xlsx_cells(content: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [cell.value for row in sheet.iter_rows() for cell in row]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _assert_safe(cells, planted):
    texts = [cell for cell in cells if isinstance(cell, str)]
    assert "'" + planted in texts
    assert planted not in texts
    for cell in texts:
        # A negative number is a number, not a formula.
        assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), cell


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_formula_like_text_is_neutralised_in_every_export(client, secretariat_client, aston, start):
    planted = start + 'HYPERLINK("http://evil.example","x")'
    bamako = City.objects.get(slug="bamako")
    Pilot.objects.filter(slug="bamako-waste-sms").update(title=planted)
    City.objects.filter(pk=bamako.pk).update(name=planted)
    Event.objects.filter(pk=Event.objects.order_by("pk").first().pk).update(title=planted)
    Person.objects.create(
        network=aston, name=planted, role="stakeholder",
        city=bamako, organisation=planted,
    )  # fmt: skip

    _assert_safe(_csv_cells(client.get("/data/pilots/aston.csv").content.decode()), planted)
    _assert_safe(_xlsx_cells(client.get("/data/pilots/aston.xlsx").content), planted)
    for name in ("cities", "events", "pilots"):
        _assert_safe(_csv_cells(client.get(f"/data/aston/{name}.csv").content.decode()), planted)
    for table in TABLES:  # the others hold no planted text, and no formula either
        cells = _csv_cells(client.get(f"/data/aston/{table.name}.csv").content.decode())
        assert all(not c.startswith(FORMULA_STARTS) or _is_number(c) for c in cells)

    people = reverse("wagtailsnippets_network_person:list")
    response = secretariat_client.get(people, {"export": "csv"})
    _assert_safe(_csv_cells(b"".join(response.streaming_content).decode()), planted)
    response = secretariat_client.get(people, {"export": "xlsx"})
    _assert_safe(_xlsx_cells(b"".join(response.streaming_content)), planted)
