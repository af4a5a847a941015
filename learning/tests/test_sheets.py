"""Sheets as people send them: limits that refuse a spreadsheet bomb at once, and headers,
yes/no and numbers typed in English, French or Portuguese."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from learning import sheets


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_before_openpyxl_opens_it(
    settings, monkeypatch
):
    settings.BAOBAB_SHEET_MAX_UNPACKED_BYTES = 200_000
    bomb = _xlsx([["email"], ["a" * 30_000]] * 10)
    assert len(bomb) < 20_000  # small on the wire, large once unpacked

    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl opened a sheet over the unpacked limit")

    monkeypatch.setattr("openpyxl.load_workbook", must_not_open)
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.read_rows("bomb.xlsx", bomb)
    assert "unpacks to more than 195.3" in refused.value.message
    with translation.override("fr"), pytest.raises(sheets.SheetRefused) as refused:
        sheets.read_rows("bomb.xlsx", bomb)
    assert "se décompresse en plus de" in refused.value.message


def test_rows_past_the_limit_are_never_read(settings, monkeypatch):
    settings.BAOBAB_SHEET_MAX_ROWS = 10
    settings.BAOBAB_SHEET_MAX_COLUMNS = 3
    content = _xlsx([[f"p{n}@example.org", "yes"] for n in range(2000)])
    read = []
    real_cell = sheets._cell
    monkeypatch.setattr(sheets, "_cell", lambda value: read.append(value) or real_cell(value))
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.read_rows("long.xlsx", content)
    assert refused.value.message == (
        "The sheet has more than 10 rows; split it into smaller sheets."
    )
    # One row and one column past the limits, no more: the work is bounded by the limits.
    assert len(read) <= 11 * 4

    read.clear()
    csv = "\n".join(f"p{n}@example.org,yes" for n in range(2000)).encode()
    with pytest.raises(sheets.SheetRefused):
        sheets.read_rows("long.csv", csv)
    assert len(read) <= 11 * 2


def test_too_many_columns_or_cells_are_refused(settings):
    settings.BAOBAB_SHEET_MAX_COLUMNS = 5
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.read_rows("wide.xlsx", _xlsx([["email"], list(range(1, 40))]))
    assert "Row 2 has more than 5 columns" in refused.value.message
    settings.BAOBAB_SHEET_MAX_COLUMNS = 50
    settings.BAOBAB_SHEET_MAX_CELLS = 20
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.read_rows("full.csv", b"a,b,c\n" * 10)
    assert "more than 20 filled cells" in refused.value.message


def test_a_file_over_the_size_limit_is_refused_naming_it(settings):
    settings.BAOBAB_SHEET_MAX_BYTES = 1024
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.read_rows("big.csv", b"email\n" + b"x@y.z\n" * 400)
    assert refused.value.message == "The file is larger than 1.0\xa0KB."


def test_blank_rows_after_the_data_do_not_count(settings):
    settings.BAOBAB_SHEET_MAX_ROWS = 3
    assert sheets.read_rows("a.csv", b"email\na@b.c\nd@e.f\n\n\n,,\n") == [
        ["email"],
        ["a@b.c"],
        ["d@e.f"],
    ]


@pytest.mark.parametrize(
    "header, names, index",
    [
        (["Nom", "Courriel", "Présent"], ("email", "courriel"), 1),
        (["NOME", "E-mail", "Presente"], ("email", "e-mail"), 1),
        (["nom", "e-mail ", "PRESENT"], ("présent",), 2),
        (["Prénom et nom", "adresse électronique"], ("adresse electronique",), 1),
        (["name"], ("email",), None),
    ],
)
def test_headers_match_whatever_the_case_accents_and_dashes(header, names, index):
    assert sheets.find_column(header, names) == index


@pytest.mark.parametrize(
    "value, expected",
    [
        ("yes", True), ("Oui", True), ("SIM", True), ("x", True), ("X", True), ("présent", True),
        ("1", True), ("1,0", True), ("no", False), ("NON", False), ("não", False),
        ("Nao", False), ("0", False), ("absent", False), ("peut-être", None), ("", None),
    ],
)  # fmt: skip
def test_yes_and_no_in_english_french_and_portuguese(value, expected):
    assert sheets.parse_yes_no(value) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1234.5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u202f234,50", Decimal("1234.50")),
        ("1\u00a0234", Decimal("1234")),
        ("1.234,50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("12 345 678,9", Decimal("12345678.9")),
        ("-3,25", Decimal("-3.25")),
        ("1,234", None),  # a thousand, or one and a quarter: refused, not guessed
        ("1.234", None),
        ("1,234,5", None),
        ("1.2.3", None),
        ("abc", None),
        ("", None),
    ],
)
def test_numbers_as_typed_in_each_language(text, expected):
    assert sheets.parse_number(text) == expected
