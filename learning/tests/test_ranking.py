"""The Borda count on hand-computed examples: points, weighting towards the least mature, ties."""

from learning.ranking import borda


def test_borda_points_hand_computed():
    # A: x 5, y 4, z 3 | B: y 5, x 4 | C: z 5, y 4, x 3
    # x = 5 + 4 + 3 = 12; y = 4 + 5 + 4 = 13; z = 3 + 5 = 8
    rankings = {"A": ["x", "y", "z"], "B": ["y", "x"], "C": ["z", "y", "x"]}
    result = borda(rankings, titles={"x": "X", "y": "Y", "z": "Z", "w": "W"})
    assert [(r.topic, r.points) for r in result] == [("y", 13), ("x", 12), ("z", 8), ("w", 0)]
    assert result[0].first_choices == 1 and result[0].cities == 3
    assert [(v.city, v.rank, v.points) for v in result[0].votes] == [
        ("B", 1, 5), ("A", 2, 4), ("C", 2, 4)
    ]  # fmt: skip
    assert result[0].ahead_by == "points"


def test_weighting_lifts_the_topic_the_least_mature_need():
    # Plain: x = 5 (A) + 5 (B) = 10, y = 5 (C): x first.
    # Weighted: A and B are at level 4 in x's domain (x1): x = 10; C is at level 1 in y's
    # domain (x2.5): y = 12.5: y first.
    rankings = {"A": ["x"], "B": ["x"], "C": ["y"]}
    titles = {"x": "X", "y": "Y"}
    plain = borda(rankings, titles=titles)
    assert [(r.topic, r.points) for r in plain] == [("x", 10), ("y", 5)]
    levels = {("A", "x"): 4, ("B", "x"): 4, ("C", "y"): 1}
    weighted = borda(rankings, titles=titles, levels=levels)
    assert [(r.topic, r.points) for r in weighted] == [("y", 12.5), ("x", 10)]
    assert weighted[0].votes[0].weight == 2.5


def test_level_weights_hand_computed():
    # One rank-2 vote (4 points) at each level: 10, 8, 6, 4.
    rankings = {c: ["pad", "t" + c] for c in "1234"}
    titles = {"pad": "Pad"} | {"t" + c: "T" + c for c in "1234"}
    levels = {(c, "t" + c): int(c) for c in "1234"}
    points = {r.topic: r.points for r in borda(rankings, titles=titles, levels=levels)}
    assert [points["t" + c] for c in "1234"] == [10, 8, 6, 4]


def test_unassessed_city_counts_once():
    result = borda({"A": ["x"]}, titles={"x": "X"}, levels={("A", "x"): None})
    assert result[0].points == 5


def test_ties_on_points_go_to_more_first_choices():
    # x: A rank 1 = 5 points, one first choice. y: B rank 2 (4) + C rank 5 (1) = 5, none.
    rankings = {"A": ["x"], "B": ["q", "y"], "C": ["q", "r", "s", "t", "y"]}
    titles = {k: k.upper() for k in "xyqrst"}
    result = borda(rankings, titles=titles)
    entries = {r.topic: r for r in result}
    assert entries["x"].points == entries["y"].points == 5
    order = [r.topic for r in result]
    assert order.index("x") == order.index("y") - 1
    assert entries["x"].ahead_by == "first_choices"


def test_ties_on_points_go_to_more_cities_then_title():
    # z: A2 (4) + B5 (1) = 5 from two cities; k: C1... no first choices allowed for the tie,
    # so w: C2 (4) + D5 (1) = 5 from two cities too; v: E2 (4) + ... one city at 5 is a first
    # choice, so compare z and w (same points, 0 first, 2 cities): the title decides.
    rankings = {
        "A": ["a", "z"],
        "B": ["b", "c", "d", "e", "z"],
        "C": ["f", "w"],
        "D": ["g", "h", "i", "j", "w"],
    }
    titles = {k: k.upper() for k in "abcdefghij"} | {"z": "Zebra crossings", "w": "Water"}
    result = borda(rankings, titles=titles)
    order = [r.topic for r in result]
    assert order.index("w") < order.index("z")
    assert result[order.index("w")].ahead_by == "title"
    # Now z gets a third city at rank 5 (1 point) and w one more point with one city at rank 4:
    # both 6 points, no first choice; z from 3 cities, w from 2... w = 4 + 2 = 6 needs rank 4.
    rankings["D"] = ["g", "h", "i", "w"]
    rankings["E"] = ["k", "l", "m", "n", "z"]
    titles |= {k: k.upper() for k in "klmn"}
    result = borda(rankings, titles=titles)
    entries = {r.topic: r for r in result}
    assert entries["z"].points == entries["w"].points == 6
    order = [r.topic for r in result]
    assert order.index("z") < order.index("w")
    assert entries["z"].ahead_by == "cities"


def test_at_most_five_ranks_count():
    result = borda({"A": list("abcdef")}, titles={k: k for k in "abcdef"})
    assert {r.topic: r.points for r in result}["f"] == 0
