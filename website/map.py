"""The network map: city markers on the static base map of Africa (static/website/africa.svg).

Both use this equirectangular projection; website/mapdata/build_africa_svg.py draws the base map
with the same constants, so a marker lands where its coordinates are.
"""

from dataclasses import dataclass

WEST, EAST, NORTH, SOUTH = -19.0, 53.0, 38.5, -35.5
SCALE = 10  # SVG units per degree
WIDTH = round((EAST - WEST) * SCALE)
HEIGHT = round((NORTH - SOUTH) * SCALE)

# Estimated label box, in SVG units, for the 22-unit font the page uses: no font metrics are
# available on the server, and an overestimate only moves a label sooner.
CHAR_WIDTH = 13.5
LABEL_HEIGHT = 24
MARKER_RADIUS = 9


@dataclass
class Marker:
    x: float
    y: float
    name: str
    url: str
    label_x: float = 0
    label_y: float = 0
    anchor: str = "start"


def project(latitude: float, longitude: float) -> tuple[float, float]:
    return round((float(longitude) - WEST) * SCALE, 1), round((NORTH - float(latitude)) * SCALE, 1)


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _box(marker: Marker, anchor: str, dx: float, dy: float):
    width = len(marker.name) * CHAR_WIDTH
    left = marker.x + dx - (width if anchor == "end" else width / 2 if anchor == "middle" else 0)
    top = marker.y + dy - LABEL_HEIGHT * 0.75
    return (left, top, left + width, top + LABEL_HEIGHT)


# Side of the grid cells boxes are filed under, in SVG units: about one label.
CELL = 64


class _Boxes:
    """The boxes placed so far, filed by the grid cells they cover: a new box is compared with
    the boxes of its own cells only, not with every box, so that placing every label of a large
    network takes time in proportion to the number of cities, not to its square."""

    def __init__(self):
        self.cells: dict[tuple[int, int], list] = {}

    @staticmethod
    def _cells(box):
        for column in range(int(box[0] // CELL), int(box[2] // CELL) + 1):
            for row in range(int(box[1] // CELL), int(box[3] // CELL) + 1):
                yield column, row

    def add(self, box) -> None:
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append(box)

    def overlaps(self, box) -> bool:
        return any(
            _overlaps(box, other) for cell in self._cells(box) for other in self.cells.get(cell, ())
        )


def place_markers(cities, url_for) -> list[Marker]:
    """Markers with labels placed so that no two labels overlap (greedy, west to east).

    ``url_for(city)`` gives the link of a city's page (or an empty string).
    """
    markers = []
    for city in cities:
        x, y = project(city.latitude, city.longitude)
        markers.append(Marker(x=x, y=y, name=city.name, url=url_for(city)))
    gap = MARKER_RADIUS + 4
    candidates = [
        ("start", gap, 8),
        ("end", -gap, 8),
        ("middle", 0, -gap - 2),
        ("middle", 0, gap + LABEL_HEIGHT * 0.75),
        ("start", gap, 8 + LABEL_HEIGHT),
        ("end", -gap, 8 - LABEL_HEIGHT),
    ]
    taken = _Boxes()
    for m in markers:
        taken.add(
            (m.x - MARKER_RADIUS, m.y - MARKER_RADIUS, m.x + MARKER_RADIUS, m.y + MARKER_RADIUS)
        )
    for marker in sorted(markers, key=lambda m: (m.x, m.y)):
        for anchor, dx, dy in candidates:
            box = _box(marker, anchor, dx, dy)
            inside = box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= HEIGHT
            if inside and not taken.overlaps(box):
                break
        else:
            anchor, dx, dy = candidates[0]
            box = _box(marker, anchor, dx, dy)
        taken.add(box)
        marker.anchor, marker.label_x, marker.label_y = anchor, marker.x + dx, marker.y + dy
    return markers
