from decimal import Decimal

from django.template.loader import render_to_string

from baobab import charts

ROOM = charts.WIDTH - charts.VALUE_ROOM


def test_bars_are_proportional_to_their_values():
    chart = charts.bar_chart([("a", 10), ("b", 5), ("c", Decimal("2.5"))])
    assert [bar["width"] for bar in chart["bars"]] == [ROOM, ROOM / 2, ROOM / 4]
    top = charts.TOP
    assert [bar["y"] for bar in chart["bars"]] == [top, top + charts.ROW, top + 2 * charts.ROW]
    assert chart["height"] == 2 * charts.TOP + 3 * charts.ROW
    assert chart["bars"][1]["text_x"] == ROOM / 2 + 6
    # Each label sits above its bar, which starts at the left edge.
    assert all(bar["label_y"] < bar["bar_y"] < bar["text_y"] for bar in chart["bars"])


def test_no_rows_draw_no_chart_and_one_row_fills_the_room():
    assert charts.bar_chart([]) is None
    (bar,) = charts.bar_chart([(None, 3)])["bars"]
    assert bar["width"] == ROOM and bar["label"] == "–"


def test_zero_and_negative_values_draw_no_bar():
    assert [bar["width"] for bar in charts.bar_chart([("a", 0), ("b", None)])["bars"]] == [0, 0]
    chart = charts.bar_chart([("a", -4), ("b", 2)])
    assert [bar["width"] for bar in chart["bars"]] == [0, ROOM]
    assert [bar["width"] for bar in charts.bar_chart([("a", -1), ("b", -2)])["bars"]] == [0, 0]


def test_the_template_draws_one_bar_per_row_with_its_formatted_value():
    chart = charts.bar_chart([("Kigali", 1200), ("Praia", 300)], text=lambda v: f"€{v}")
    svg = render_to_string("baobab/bar_chart.html", {"chart": chart, "id": "c", "title": "T"})
    assert svg.count("<rect") == 2
    assert "€1200" in svg and ">Praia<" in svg and 'aria-labelledby="c-title"' in svg


def test_a_date_axis_spans_the_room_and_ticks_each_january():
    from datetime import date

    x, ticks = charts.date_axis(date(2020, 7, 1), date(2022, 7, 1), left=100, width=510)
    assert x(date(2020, 7, 1)) == 100 and x(date(2022, 7, 1)) == 500
    assert [tick["year"] for tick in ticks] == [2021, 2022]
    assert 100 < ticks[0]["x"] < ticks[1]["x"] < 500
    x, ticks = charts.date_axis(date(2021, 3, 1), date(2021, 3, 1), left=10, width=120)
    assert x(date(2021, 3, 1)) == 10 and ticks == []
