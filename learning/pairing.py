"""Critical friends: groups of two cities (one trio when the number is odd) that complement each
other, found by maximum-weight matching. Pure functions; the services store the result.

- complementarity of two cities: the sum, over the maturity domains, of the gap between their
  levels (one strong where the other is weak gives a large gap);
- each time two cities were already paired at an earlier stage costs REPEAT_PENALTY, more than
  any complementarity can earn, so a pair is repeated only when it cannot be avoided;
- a group's score is the sum of the scores of the pairs inside it; the proposal maximises the
  total score over all groups.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

REPEAT_PENALTY = 1000
# Above this many cities the trio is chosen greedily (every trio would be too many matchings).
EXACT_TRIO_LIMIT = 25


@dataclass
class Group:
    cities: tuple
    score: float
    repeats: int
    # (domain, strong city, weak city, gap), largest gaps first.
    gaps: list


def complementarity(levels_a: dict, levels_b: dict) -> int:
    domains = set(levels_a) & set(levels_b)
    return sum(abs(levels_a[d] - levels_b[d]) for d in domains)


def pair_score(a, b, *, levels: dict, history: dict) -> float:
    repeats = history.get(frozenset((a, b)), 0)
    return complementarity(levels.get(a, {}), levels.get(b, {})) - REPEAT_PENALTY * repeats


def group_score(group: Sequence, *, levels: dict, history: dict) -> float:
    return sum(pair_score(a, b, levels=levels, history=history) for a, b in combinations(group, 2))


def _matching(cities: Sequence, *, levels: dict, history: dict) -> tuple[list, float]:
    """The perfect matching of an even number of cities with the largest total score."""
    graph = nx.Graph()
    graph.add_nodes_from(cities)
    # An offset keeps every weight positive; with maxcardinality every city is matched, so the
    # offset adds the same amount to every candidate and changes nothing.
    offset = REPEAT_PENALTY * (1 + max(history.values(), default=0)) + 1
    for a, b in combinations(cities, 2):
        graph.add_edge(a, b, weight=offset + pair_score(a, b, levels=levels, history=history))
    pairs = [tuple(pair) for pair in nx.max_weight_matching(graph, maxcardinality=True)]
    total = sum(pair_score(a, b, levels=levels, history=history) for a, b in pairs)
    return pairs, total


def propose(cities: Sequence[Hashable], *, levels: dict, history: dict) -> list[Group]:
    """Groups of critical friends for ``cities``.

    ``levels``: city -> {domain: level}; ``history``: frozenset({a, b}) -> times already paired.
    """
    cities = list(cities)
    if len(cities) < 2:
        return []
    if len(cities) % 2 == 0:
        pairs, _total = _matching(cities, levels=levels, history=history)
        groups = [tuple(pair) for pair in pairs]
    elif len(cities) <= EXACT_TRIO_LIMIT:
        best = None
        for trio in combinations(cities, 3):
            rest = [city for city in cities if city not in trio]
            pairs, total = _matching(rest, levels=levels, history=history)
            total += group_score(trio, levels=levels, history=history)
            if best is None or total > best[0]:
                best = (total, [trio, *pairs])
        groups = best[1]
    else:
        # The odd city out of the best matching of the others joins the pair it fits best.
        odd = cities[-1]
        pairs, _total = _matching(cities[:-1], levels=levels, history=history)
        target = max(
            pairs,
            key=lambda p: group_score((*p, odd), levels=levels, history=history),
        )
        groups = [(*target, odd) if pair == target else pair for pair in pairs]
    return [describe(group, levels=levels, history=history) for group in groups]


def describe(group: Sequence, *, levels: dict, history: dict) -> Group:
    gaps = []
    for a, b in combinations(group, 2):
        la, lb = levels.get(a, {}), levels.get(b, {})
        for domain in set(la) & set(lb):
            if la[domain] != lb[domain]:
                strong, weak = (a, b) if la[domain] > lb[domain] else (b, a)
                gaps.append((domain, strong, weak, abs(la[domain] - lb[domain])))
    gaps.sort(key=lambda gap: (-gap[3], str(gap[0])))
    repeats = sum(history.get(frozenset(pair), 0) for pair in combinations(group, 2))
    return Group(
        cities=tuple(group),
        score=group_score(group, levels=levels, history=history),
        repeats=repeats,
        gaps=gaps,
    )
