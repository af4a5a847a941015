"""Critical friends: optimal against brute force on small cases, no repeats, a trio when odd."""

import random
from itertools import combinations

import pytest

from learning.pairing import REPEAT_PENALTY, group_score, pair_score, propose


def partitions(cities):
    """Every split of ``cities`` into pairs (and one trio when the number is odd)."""
    if not cities:
        yield []
        return
    first, rest = cities[0], cities[1:]
    if len(cities) % 2 == 1:
        for a, b in combinations(rest, 2):
            remaining = [c for c in rest if c not in (a, b)]
            for tail in _pairings(remaining):
                yield [(first, a, b), *tail]
        for partner in rest:
            remaining = [c for c in rest if c != partner]
            for tail in partitions(remaining):
                yield [(first, partner), *tail]
    else:
        yield from _pairings(cities)


def _pairings(cities):
    if not cities:
        yield []
        return
    first, rest = cities[0], cities[1:]
    for partner in rest:
        remaining = [c for c in rest if c != partner]
        for tail in _pairings(remaining):
            yield [(first, partner), *tail]


def total(groups, levels, history):
    return sum(group_score(g, levels=levels, history=history) for g in groups)


def random_case(seed, n):
    rng = random.Random(seed)
    cities = [f"c{i}" for i in range(n)]
    domains = ["data", "financing", "experimentation"]
    levels = {c: {d: rng.randint(1, 4) for d in domains} for c in cities}
    history = {}
    for a, b in combinations(cities, 2):
        if rng.random() < 0.2:
            history[frozenset((a, b))] = 1
    return cities, levels, history


@pytest.mark.parametrize("n", [2, 4, 6, 8, 3, 5, 7])
@pytest.mark.parametrize("seed", range(6))
def test_proposal_is_optimal_against_brute_force(seed, n):
    cities, levels, history = random_case(seed, n)
    groups = propose(cities, levels=levels, history=history)
    best = max(total(p, levels, history) for p in partitions(cities))
    assert total([g.cities for g in groups], levels, history) == best
    assert sorted(c for g in groups for c in g.cities) == sorted(cities)


def test_an_odd_number_of_cities_gives_one_trio():
    cities, levels, history = random_case(1, 11)
    groups = propose(cities, levels=levels, history=history)
    assert sorted(len(g.cities) for g in groups) == [2, 2, 2, 2, 3]


def test_earlier_pairs_are_not_repeated_when_avoidable():
    cities = ["a", "b", "c", "d"]
    # a-b and c-d are by far the most complementary, but were paired before.
    levels = {"a": {"data": 4}, "b": {"data": 1}, "c": {"data": 4}, "d": {"data": 1}}
    history = {frozenset(("a", "b")): 1, frozenset(("c", "d")): 1}
    groups = propose(cities, levels=levels, history=history)
    pairs = {frozenset(g.cities) for g in groups}
    assert pairs == {frozenset(("a", "d")), frozenset(("b", "c"))}
    assert all(g.repeats == 0 for g in groups)


def test_a_repeat_happens_only_when_unavoidable():
    levels = {"a": {"data": 1}, "b": {"data": 4}}
    history = {frozenset(("a", "b")): 2}
    [group] = propose(["a", "b"], levels=levels, history=history)
    assert group.repeats == 2
    assert pair_score("a", "b", levels=levels, history=history) == 3 - 2 * REPEAT_PENALTY


def test_complementarity_prefers_strong_with_weak_and_explains_it():
    levels = {
        "strong": {"data": 4, "financing": 4},
        "weak": {"data": 1, "financing": 1},
        "mid1": {"data": 2, "financing": 3},
        "mid2": {"data": 3, "financing": 2},
    }
    groups = propose(list(levels), levels=levels, history={})
    pairs = {frozenset(g.cities): g for g in groups}
    assert frozenset(("strong", "weak")) in pairs
    gaps = pairs[frozenset(("strong", "weak"))].gaps
    assert {(d, s, w, gap) for d, s, w, gap in gaps} == {
        ("data", "strong", "weak", 3),
        ("financing", "strong", "weak", 3),
    }
