"""Geometry of the SVG charts the server draws (no JavaScript, no external requests).

Every chart is rendered by ``baobab/bar_chart.html`` and is always paired with a table of the
same numbers on the page, so the SVG can stay decorative-but-labelled (role="img" + title).
"""

from collections.abc import Callable, Iterable
from datetime import date

# Each bar has its label on a line of its own above it, across the whole width: a label column
# beside the bars took 250 of 640 units, and a 640-unit drawing shrunk to a phone's 328 px wrote
# its labels 6 px high. 360 units is a phone's width, so there the text keeps its size.
WIDTH = 360
ROW = 38
TOP = 4
LABEL_BASELINE = 12
BAR_TOP = 16
BAR_HEIGHT = 16
# Room kept right of the longest bar for its value ("€1,234,567").
VALUE_ROOM = 100
LABEL_CHARS = 55


def bar_chart(rows: Iterable[tuple], *, text: Callable[[object], str] | None = None) -> dict | None:
    """Horizontal bars for ``rows`` [(label, value)], scaled to the largest value; None when
    there is nothing to draw. ``text(value)`` formats each value beside its bar (the template
    otherwise shows it as a whole number). Negative values draw no bar: the table beside
    the chart still gives them."""
    rows = list(rows)
    if not rows:
        return None
    top = max((float(value or 0) for _label, value in rows), default=0)
    if top <= 0:
        top = 1
    room = WIDTH - VALUE_ROOM
    bars = []
    for index, (label, value) in enumerate(rows):
        amount = float(value or 0)
        width = round(amount / top * room, 1) if amount > 0 else 0
        y = TOP + index * ROW
        bars.append(
            {
                "label": "–" if label is None else str(label),
                "value": value,
                "text": text(value) if text else None,
                "y": y,
                "label_y": y + LABEL_BASELINE,
                "bar_y": y + BAR_TOP,
                "text_y": y + BAR_TOP + BAR_HEIGHT - 4,
                "width": width,
                "text_x": width + 6,
            }
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": 2 * TOP + len(rows) * ROW,
        "bar_height": BAR_HEIGHT,
        "label_chars": LABEL_CHARS,
    }


def date_axis(start: date, end: date, *, left: int, width: int, right: int = 10):
    """A timeline's horizontal scale: ``x(day)`` maps ``start``..``end`` onto the room between a
    label column of ``left`` units and ``right`` units before the edge, and ``ticks`` marks each
    1 January in between. The roadmap and the programme draw their own bars on it."""
    span = max((end - start).days, 1)
    room = width - left - right

    def x(day: date) -> float:
        return round(left + (day - start).days / span * room, 1)

    ticks = [
        {"x": x(date(year, 1, 1)), "year": year} for year in range(start.year + 1, end.year + 1)
    ]
    return x, ticks
