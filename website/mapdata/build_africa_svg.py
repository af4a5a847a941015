"""Build website/static/website/africa.svg, the base map of the network page.

Source: Natural Earth 1:110m country outlines (public domain), as TopoJSON in the npm package
world-atlas. To regenerate:

    npm pack world-atlas && tar xzf world-atlas-*.tgz
    python website/mapdata/build_africa_svg.py package/countries-110m.json

The projection must match website/map.py, which places the city markers on top.
"""

import json
import sys
from pathlib import Path

WEST, EAST, NORTH, SOUTH = -19.0, 53.0, 38.5, -35.5
SCALE = 10
WIDTH, HEIGHT = round((EAST - WEST) * SCALE), round((NORTH - SOUTH) * SCALE)
OUT = Path(__file__).resolve().parent.parent / "static" / "website" / "africa.svg"

# ISO 3166-1 numeric -> alpha-2 for the countries of mainland Africa and Madagascar; the
# TopoJSON names Western Sahara and Somaliland without a numeric code, so they go by name.
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
BY_NAME = {"W. Sahara": "eh", "Somaliland": "so-sl"}


def decode_arcs(topology):
    """TopoJSON arcs are quantised and delta-encoded: turn them into lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # Consecutive arcs share their joining point.
        points.extend(arc[1:] if points else arc)
    return points


def project(lon, lat):
    return round((lon - WEST) * SCALE), round((NORTH - lat) * SCALE)


def ring_path(points) -> str:
    projected = []
    for lon, lat in points:
        point = project(lon, lat)
        if not projected or projected[-1] != point:
            projected.append(point)
    if len(set(projected)) < 3:
        return ""
    (x0, y0), parts = projected[0], []
    previous = (x0, y0)
    for x, y in projected[1:]:
        parts.append(f"{x - previous[0]} {y - previous[1]}")
        previous = (x, y)
    return f"M{x0} {y0}l" + " ".join(parts).replace(" -", "-") + "z"


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    paths = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = AFRICA.get(geometry.get("id")) or BY_NAME.get(geometry["properties"]["name"])
        if not code:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        d = "".join(ring_path(ring_points(ring, arcs)) for polygon in polygons for ring in polygon)
        if d:
            paths.append(f'<path id="{code}" d="{d}"/>')
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">'
        '<g fill="#e8e2d0" stroke="#fff" stroke-width="1" stroke-linejoin="round">'
        + "".join(paths)
        + "</g></svg>\n"
    )
    OUT.write_text(svg)
    print(f"{OUT}: {len(paths)} countries, {len(svg)} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
