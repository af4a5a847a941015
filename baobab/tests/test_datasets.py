"""One declaration of a table gives its CSV, XLSX and JSON: text escaped, amounts exact."""

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from baobab.datasets import Table

ROWS = [
    {
        "name": "=HYPERLINK(1)",
        "on": date(2026, 3, 1),
        "currency": "XOF",
        "budget": Decimal("1500000"),
    },
    {"name": "Kiosque", "on": None, "currency": "TND", "budget": Decimal("12.345")},
]
TABLE = Table(
    "budgets",
    "Budgets",
    "Test table",
    [
        ("name", "string", "Name"),
        ("on", "date", "Date"),
        ("currency", "string", "Currency"),
        ("budget", "number", "Budget"),
        ("budget_eur", "number", "Budget in euros"),
    ],
    lambda network: [{**row, "budget_eur": row["budget"] / 1000} for row in ROWS],
    money={"budget": "currency", "budget_eur": "EUR"},
)


def test_csv_escapes_text_and_writes_amounts_with_their_currencys_decimals():
    rows = list(csv.DictReader(io.StringIO(TABLE.csv(network=None))))
    assert rows[0] == {
        "name": "'=HYPERLINK(1)",
        "on": "2026-03-01",
        "currency": "XOF",
        "budget": "1500000",
        "budget_eur": "1500.00",
    }
    assert (rows[1]["on"], rows[1]["budget"], rows[1]["budget_eur"]) == ("", "12.345", "0.012345")


def test_xlsx_keeps_amounts_as_numbers_formatted_for_their_currency():
    sheet = load_workbook(io.BytesIO(TABLE.xlsx(network=None)))["budgets"]
    header, first, second = sheet.iter_rows(values_only=False)
    assert [cell.value for cell in header] == TABLE.names
    assert first[0].value == "'=HYPERLINK(1)"
    assert first[3].value == 1500000 and first[3].number_format == '#,##0 "XOF"'
    assert second[3].value == 12.345
    assert second[3].number_format == '#,##0.000 "TND"'


def test_json_rows_carry_amounts_as_text_and_the_schema_describes_every_column():
    first, second = TABLE.json_rows(network=None)
    assert first["budget"] == "1500000" and second["budget"] == "12.345"
    assert first["on"] == "2026-03-01" and second["on"] is None
    assert [field["name"] for field in TABLE.schema()] == TABLE.names
    assert all(field["description"] for field in TABLE.schema())
