"""Open data: the CSV and XLSX portfolio read back, and the IATI file validated with the XSD."""

import csv
import io
from pathlib import Path

from django.conf import settings
from lxml import etree
from openpyxl import load_workbook

from experiments.models import Pilot

IATI = Path(settings.BASE_DIR) / "experiments" / "standards" / "iati-2.03"


def _csv(client):
    response = client.get("/data/pilots/aston.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="aston-pilots.csv"'
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_csv_reads_back_with_every_pilot(client, db):
    rows = _csv(client)
    assert len(rows) == 15
    row = next(r for r in rows if r["slug"] == "lagos-market-tax")
    assert (row["currency"], row["budget"], row["budget_eur"]) == ("NGN", "20000000.00", "40000.00")
    assert (row["current_decision"], row["people_reached"]) == ("scale_up", "70")
    assert "internal_notes" not in row
    assert sum(int(r["people_reached"]) for r in rows) == 424


def test_exports_are_formula_safe(client, bamako_pilot):
    Pilot.objects.filter(pk=bamako_pilot.pk).update(title='=HYPERLINK("http://x","y")')
    row = next(r for r in _csv(client) if r["slug"] == bamako_pilot.slug)
    assert row["title"] == '\'=HYPERLINK("http://x","y")'
    response = client.get("/data/pilots/aston.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(2)]
    assert len(rows) == 15
    row = next(r for r in rows if r["slug"] == bamako_pilot.slug)
    assert row["title"].startswith("'=")
    assert sum(r["budget_eur"] for r in rows) == 450000


def test_xlsx_amounts_are_numbers_shown_with_their_currencys_decimals(client, db):
    sheet = load_workbook(io.BytesIO(client.get("/data/pilots/aston.xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    cells = {row[0].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2)}
    lagos, bamako = cells["lagos-market-tax"], cells["bamako-street-addressing"]
    assert lagos["budget"].value == 20000000 and lagos["budget"].data_type == "n"
    assert lagos["budget"].number_format == '#,##0.00 "NGN"'
    assert lagos["budget_eur"].number_format == '#,##0.00 "EUR"'
    assert bamako["currency"].value == "XOF"
    assert bamako["budget"].number_format == '#,##0 "XOF"'
    assert bamako["budget"].value == 32797850


def test_the_iati_file_validates_against_the_official_schema(client, db):
    response = client.get("/data/iati/aston.xml")
    assert response.status_code == 200
    schema = etree.XMLSchema(etree.parse(str(IATI / "iati-activities-schema.xsd")))
    document = etree.fromstring(response.content)
    schema.assertValid(document)
    activities = document.findall("iati-activity")
    assert len(activities) == 15
    lagos = next(
        a for a in activities if a.findtext("iati-identifier").endswith("lagos-market-tax")
    )
    assert lagos.find("recipient-country").get("code") == "NG"
    assert lagos.find("budget/value").text == "20000000"
    assert lagos.find("budget/value").get("currency") == "NGN"
    assert lagos.find("activity-status").get("code") == "3"
    periods = lagos.findall("result/indicator/period")
    assert [p.find("actual").get("value") for p in periods] == ["41", "58", "66"]
    assert b"internal" not in response.content


def test_an_unknown_network_has_no_file(client, db):
    assert client.get("/data/iati/nowhere.xml").status_code == 404


def test_the_data_catalogue_lists_the_pilot_files(client, db):
    page = client.get("/data/").content.decode()
    for url in ["/data/iati/aston.xml", "/data/pilots/aston.csv", "/data/pilots/aston.xlsx"]:
        assert f'href="{url}"' in page
    assert "CC BY 4.0" in page
