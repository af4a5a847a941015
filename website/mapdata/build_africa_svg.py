"""Build website/static/website/africa.svg, the base map of the network page.

Source: Natural Earth 1:110m country outlines (public domain), as the TopoJSON file
countries-110m.json of the npm package world-atlas. To regenerate, outside the repository:

    npm pack world-atlas && tar xzf world-atlas-*.tgz

then, from the repository root:

    python website/mapdata/build_africa_svg.py /path/to/package/countries-110m.json

Standard library only, so that regenerating needs no extra dependency. The projection must match
website/map.py, which places the city markers on top of this map.
"""

import json
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

WEST, EAST, NORTH, SOUTH = -19.0, 53.0, 38.5, -35.5  # degrees
SCALE = 10  # SVG units per degree
WIDTH, HEIGHT = round((EAST - WEST) * SCALE), round((NORTH - SOUTH) * SCALE)
OUT = Path(__file__).resolve().parent.parent / "static" / "website" / "africa.svg"

# ISO 3166-1 numeric -> alpha-2. Natural Earth 110m has no outline for the small island states
# (Cabo Verde, Comoros, Mauritius, São Tomé and Príncipe, Seychelles), so they are not listed.
AFRICA = {
    "012": "dz", "024": "ao", "072": "bw", "108": "bi", "120": "cm", "140": "cf", "148": "td",
    "178": "cg", "180": "cd", "204": "bj", "226": "gq", "231": "et", "232": "er", "262": "dj",
    "266": "ga", "270": "gm", "288": "gh", "324": "gn", "384": "ci", "404": "ke", "426": "ls",
    "430": "lr", "434": "ly", "450": "mg", "454": "mw", "466": "ml", "478": "mr", "504": "ma",
    "508": "mz", "516": "na", "562": "ne", "566": "ng", "624": "gw", "646": "rw", "686": "sn",
    "694": "sl", "706": "so", "710": "za", "716": "zw", "728": "ss", "729": "sd", "732": "eh",
    "748": "sz", "768": "tg", "788": "tn", "800": "ug", "818": "eg", "834": "tz", "854": "bf",
    "894": "zm",
}  # fmt: skip
# Natural Earth draws Somaliland as its own unit without an ISO code; ISO 3166 counts it as part
# of Somalia, so it is dissolved into Somalia's outline rather than given an invented id.
BY_NAME = {"Somaliland": "so"}


def decode_arcs(topology) -> list[list[tuple[int, int]]]:
    """Undo the delta encoding but stay in quantised integers, so shared endpoints match exactly."""
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x, y))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[int, int]]:
    points = []
    for index in ring:
        # A negative index ~i stands for arc i walked backwards.
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point.
        points.extend(arc[1:] if points else arc)
    return points


def dissolve(rings: list[list[int]], arcs) -> list[list[tuple[int, int]]]:
    """Merge rings into their union: an arc used by two rings (once each way) is an inner border."""
    uses = Counter(index if index >= 0 else ~index for ring in rings for index in ring)
    pieces: dict[tuple[int, int], list[list[tuple[int, int]]]] = {}
    for index in (index for ring in rings for index in ring):
        if uses[index if index >= 0 else ~index] == 1:
            piece = ring_points([index], arcs)
            pieces.setdefault(piece[0], []).append(piece)
    # The remaining outer arcs chain end to start into closed rings.
    merged = []
    while pieces:
        start = next(iter(pieces))
        points = []
        point = start
        while point in pieces and (point != start or not points):
            piece = pieces[point].pop()
            if not pieces[point]:
                del pieces[point]
            points.extend(piece[1:] if points else piece)
            point = points[-1]
        merged.append(points)
    return merged


def ring_path(points, transform) -> str:
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    projected = []
    for x, y in points:
        point = (round((x * sx + tx - WEST) * SCALE), round((NORTH - (y * sy + ty)) * SCALE))
        if not projected or projected[-1] != point:
            projected.append(point)
    # The ring is closed by "z", so a repeated first point would be a wasted segment.
    while len(projected) > 1 and projected[-1] == projected[0]:
        projected.pop()
    if len(set(projected)) < 3:
        return ""
    xs, ys = [x for x, _ in projected], [y for _, y in projected]
    # Far islands (none in 110m today) would be invisible outside the viewBox: skip them.
    if max(xs) < 0 or min(xs) > WIDTH or max(ys) < 0 or min(ys) > HEIGHT:
        return ""
    # Relative steps are one or two digits against three for absolute coordinates.
    steps = [f"{x - px} {y - py}" for (px, py), (x, y) in pairwise(projected)]
    (x0, y0) = projected[0]
    return f"M{x0} {y0}l" + " ".join(steps).replace(" -", "-") + "z"


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    polygons_by_code: dict[str, list[list[list[int]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = AFRICA.get(geometry.get("id")) or BY_NAME.get(geometry["properties"]["name"])
        if not code:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        polygons_by_code.setdefault(code, []).append(
            [ring for polygon in polygons for ring in polygon]
        )
    missing = set(AFRICA.values()) - set(polygons_by_code)
    if missing:
        sys.exit(f"not in {source}: {', '.join(sorted(missing))}")
    paths = []
    for code, geometries in sorted(polygons_by_code.items()):
        if len(geometries) == 1:
            rings = [ring_points(ring, arcs) for ring in geometries[0]]
        else:
            rings = dissolve([ring for rings in geometries for ring in rings], arcs)
        d = "".join(ring_path(ring, topology["transform"]) for ring in rings)
        if d:
            paths.append(f'<path id="{code}" d="{d}"/>')
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">\n'
        '<g fill="#e8e2d0" stroke="#ffffff" stroke-width="1" stroke-linejoin="round">\n'
        + "\n".join(paths)
        + "\n</g>\n</svg>\n"
    )
    OUT.write_text(svg)
    print(f"{OUT}: {len(paths)} countries, {len(svg.encode())} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
