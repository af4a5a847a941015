"""Map labels are placed as the one-by-one greedy rule says, however many cities there are."""

import random
from types import SimpleNamespace

from website import map as network_map


def place_naively(cities):
    """The rule itself: each label, west to east, takes the first candidate place that stays on
    the map and overlaps no marker or label placed before."""
    markers = [
        network_map.Marker(*network_map.project(c.latitude, c.longitude), name=c.name, url="")
        for c in cities
    ]
    r = network_map.MARKER_RADIUS
    gap = r + 4
    height = network_map.LABEL_HEIGHT
    candidates = [
        ("start", gap, 8),
        ("end", -gap, 8),
        ("middle", 0, -gap - 2),
        ("middle", 0, gap + height * 0.75),
        ("start", gap, 8 + height),
        ("end", -gap, 8 - height),
    ]
    taken = [(m.x - r, m.y - r, m.x + r, m.y + r) for m in markers]
    placed = {}
    for marker in sorted(markers, key=lambda m: (m.x, m.y)):
        for anchor, dx, dy in candidates:
            box = network_map._box(marker, anchor, dx, dy)
            inside = (
                box[0] >= 0
                and box[2] <= network_map.WIDTH
                and box[1] >= 0
                and box[3] <= network_map.HEIGHT
            )
            if inside and not any(network_map._overlaps(box, other) for other in taken):
                break
        else:
            anchor, dx, dy = candidates[0]
            box = network_map._box(marker, anchor, dx, dy)
        taken.append(box)
        placed[marker.name] = (anchor, marker.x + dx, marker.y + dy)
    return placed


def cities(how_many, seed, places=None):
    """Cities spread over the map, or crowded in a few ``places`` (as towns around a capital)."""
    rng = random.Random(seed)
    spots = [(rng.uniform(-35, 38), rng.uniform(-19, 53)) for _ in range(places or how_many)]
    return [
        SimpleNamespace(
            name=f"City {n}" + "x" * rng.randrange(12),
            latitude=spots[n % len(spots)][0] + rng.uniform(-0.5, 0.5) * bool(places),
            longitude=spots[n % len(spots)][1] + rng.uniform(-0.5, 0.5) * bool(places),
        )
        for n in range(how_many)
    ]


def test_labels_land_where_the_greedy_rule_puts_them():
    for how_many, seed, places in [(11, 1, None), (300, 2, None), (1500, 3, None), (900, 4, 9)]:
        network = cities(how_many, seed, places)
        markers = network_map.place_markers(network, lambda city: "")
        assert {m.name: (m.anchor, m.label_x, m.label_y) for m in markers} == place_naively(network)


def test_a_large_network_is_placed_in_linear_time(monkeypatch):
    # Placing 10 times as many cities compares about 10 times as many boxes, not 100: counted,
    # not timed, so that the machine's speed and load do not matter.
    compared = []
    overlaps = network_map._overlaps

    def counting(a, b):
        compared.append(1)
        return overlaps(a, b)

    monkeypatch.setattr(network_map, "_overlaps", counting)

    def comparisons(how_many):
        compared.clear()
        network_map.place_markers(cities(how_many, 5, places=how_many // 100), lambda city: "")
        return len(compared)

    assert comparisons(2000) < 30 * comparisons(200)
