"""Reading spreadsheets people send: CSV or XLSX, with headers, yes/no and numbers as they are
typed in English, French or Portuguese, and hard limits so that a small file cannot unpack or
expand into work the server cannot finish (a 127 KB XLSX can unpack to tens of megabytes)."""

import csv
import io
import re
import unicodedata
import zipfile
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class SheetRefused(Exception):
    """The file cannot be read as a sheet, or is over a limit: ``message`` says which."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def limits() -> dict:
    return {
        "bytes": getattr(settings, "BAOBAB_SHEET_MAX_BYTES", 2 * 1024 * 1024),
        "unpacked": getattr(settings, "BAOBAB_SHEET_MAX_UNPACKED_BYTES", 5 * 1024 * 1024),
        "rows": getattr(settings, "BAOBAB_SHEET_MAX_ROWS", 5000),
        "columns": getattr(settings, "BAOBAB_SHEET_MAX_COLUMNS", 50),
        "cells": getattr(settings, "BAOBAB_SHEET_MAX_CELLS", 50_000),
    }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _bounded(rows, limit: dict) -> list[list[str]]:
    """Rows as lists of text, refused as soon as a limit is passed: nothing past it is read."""
    kept, cells = [], 0
    for row in rows:
        row = [_cell(value) for value in row]
        while row and not row[-1]:
            row.pop()
        if len(kept) >= limit["rows"]:
            if not row:
                continue  # blank rows after the data cost nothing but are not kept
            raise SheetRefused(
                _("The sheet has more than %(max)d rows; split it into smaller sheets.")
                % {"max": limit["rows"]}
            )
        if len(row) > limit["columns"]:
            raise SheetRefused(
                _("Row %(row)d has more than %(max)d columns; keep only the columns needed.")
                % {"row": len(kept) + 1, "max": limit["columns"]}
            )
        cells += sum(1 for value in row if value)
        if cells > limit["cells"]:
            raise SheetRefused(
                _("The sheet has more than %(max)d filled cells; split it into smaller sheets.")
                % {"max": limit["cells"]}
            )
        kept.append(row)
    return kept


def _xlsx_rows(content: bytes, limit: dict):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SheetRefused(_("This is not a readable XLSX file.")) from None
    # The sizes the archive declares are what zipfile will unpack at most, so they are checked
    # before openpyxl opens anything.
    unpacked = sum(member.file_size for member in members)
    if len(members) > 1000 or unpacked > limit["unpacked"]:
        raise SheetRefused(
            _("This XLSX file unpacks to more than %(size)s; save a smaller sheet.")
            % {"size": filesizeformat(limit["unpacked"])}
        )
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.active
        # One column and one row past the limits: enough to tell that a limit is passed.
        rows = sheet.iter_rows(
            max_row=limit["rows"] + 1, max_col=limit["columns"] + 1, values_only=True
        )
        return _bounded(rows, limit)
    except SheetRefused:
        raise
    except Exception:
        raise SheetRefused(_("This is not a readable XLSX file.")) from None


def _csv_rows(content: bytes, limit: dict):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetRefused(_("Save the CSV file as UTF-8.")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = "excel"  # one column, or nothing to tell the separator by
    try:
        return _bounded(csv.reader(io.StringIO(text), dialect), limit)
    except csv.Error:
        raise SheetRefused(_("This CSV file cannot be read.")) from None


def read_rows(name: str, content: bytes) -> list[list[str]]:
    """The first sheet's rows as lists of stripped text; SheetRefused over any limit."""
    limit = limits()
    if len(content) > limit["bytes"]:
        raise SheetRefused(
            _("The file is larger than %(size)s.") % {"size": filesizeformat(limit["bytes"])}
        )
    if name.lower().endswith(".xlsx"):
        return _xlsx_rows(content, limit)
    return _csv_rows(content, limit)


# --- Words and numbers as people type them ---------------------------------------------------


def fold(text: str) -> str:
    """Case, accents, spaces and dashes set aside: "E-mail", "é-mail " and "email" match."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\s_\-.:]+", "", text)


def find_column(header: list[str], names) -> int | None:
    wanted = {fold(name) for name in names}
    for index, cell in enumerate(header):
        if fold(cell) in wanted:
            return index
    return None


YES = {
    fold(w)
    for w in (
        "yes",
        "y",
        "true",
        "x",
        "✓",
        "attended",
        "present",
        "oui",
        "o",
        "vrai",
        "présent",
        "présente",
        "sim",
        "s",
        "verdadeiro",
        "presente",
    )
}
NO = {
    fold(w)
    for w in (
        "no",
        "n",
        "false",
        "absent",
        "non",
        "faux",
        "absente",
        "não",
        "nao",
        "falso",
        "ausente",
    )
}


def parse_yes_no(value: str) -> bool | None:
    """True, False, or None when the value is neither (a number counts: 0 is no)."""
    folded = fold(value)
    if folded in YES:
        return True
    if folded in NO:
        return False
    number = parse_number(value)
    if number is not None:
        return number != 0
    return None


_GROUPED = re.compile(r"^[+-]?\d{1,3}([ .,'\u00a0\u202f])\d{3}(\1\d{3})*([.,]\d+)?$")


def parse_number(value: str) -> Decimal | None:
    """A number as typed in English, French or Portuguese: ``1234.5``, ``1,234.50``,
    ``1 234,50``, ``1.234,50``. None when it is not a number, or when it is ambiguous
    (``1,234`` may be one thousand or one and a bit)."""
    text = str(value).strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not text:
        return None
    grouped = _GROUPED.match(text)
    if grouped:
        separator, decimals = grouped.group(1), grouped.group(3)
        if decimals and decimals[0] == separator:
            return None  # "1,234,5": the same mark cannot both group and split decimals
        if not decimals and separator in ",.":
            return None  # "1,234" or "1.234": a thousand, or one and a fraction
        text = text.replace(separator, "")
        text = text.replace(",", ".")
    elif re.fullmatch(r"[+-]?\d+([.,]\d+)?", text):
        text = text.replace(",", ".")
    else:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
