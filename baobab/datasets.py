"""The tables Baobab publishes, each declared once and written the same way in every format.

A ``Table`` names its columns (each with a Frictionless type and a description for readers of
the data), the function giving its rows for a network (dicts keyed by column), the date it was
last updated, and which columns are amounts in which currency. CSV, XLSX and JSON are written
from that one declaration, every text cell through the one formula escaper
(``baobab.spreadsheets.neutralised``), every amount as exact decimal text (a number with its
currency's decimals in XLSX, so a spreadsheet can sum it), never a float.

Written with the standard library's csv module and openpyxl rather than tablib: tablib's XLSX
writer keeps no number format per cell, and a budget in XOF must not show cents.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from baobab.currencies import amount_text, number_format
from baobab.spreadsheets import neutralised


@dataclass
class Table:
    name: str
    title: object
    description: object
    columns: list  # (name, Frictionless type, description)
    rows: Callable  # network -> list of dicts, one key per column
    updated: Callable = lambda network: None  # network -> date | None
    # Amount columns -> the column holding their currency, or the currency's code.
    money: dict = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [name for name, _type, _description in self.columns]

    def currency(self, row, name) -> str:
        currency = self.money[name]
        return row.get(currency, currency)

    def value(self, row, name):
        """The cell ``name`` of ``row``; an amount as exact decimal text, never a float."""
        value = row[name]
        if name in self.money and value is not None:
            return amount_text(value, self.currency(row, name))
        return value

    def csv(self, *, network) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.names)
        for row in self.rows(network):
            # Text is escaped before anything becomes text: a negative latitude stays a number.
            writer.writerow(
                [
                    _text(self.value(row, name) if name in self.money else neutralised(row[name]))
                    for name in self.names
                ]
            )
        return out.getvalue()

    def xlsx(self, *, network) -> bytes:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet(self.name[:31])
        sheet.append(self.names)
        for row in self.rows(network):
            cells = []
            for name in self.names:
                value = row[name]
                if name in self.money and value is not None:
                    cell = WriteOnlyCell(sheet, value=Decimal(value))
                    cell.number_format = number_format(self.currency(row, name), value)
                    cells.append(cell)
                else:
                    cells.append("" if value is None else neutralised(value))
            sheet.append(cells)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def json_rows(self, *, network) -> list[dict]:
        return [
            {name: json_value(self.value(row, name)) for name in self.names}
            for row in self.rows(network)
        ]

    def schema(self) -> list[dict]:
        return [
            {"name": name, "type": kind, "description": str(description)}
            for name, kind, description in self.columns
        ]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def json_value(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is not None and not isinstance(value, bool | int | float | str):
        return float(value)
    return value
