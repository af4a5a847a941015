"""The quarter's topic ranking: a Borda count of the cities' rankings, pure and testable.

Rule (stated on the ranking pages too):

- a city ranks up to 5 topics; its rank 1 earns the topic 5 points, rank 2 four, ... rank 5 one;
- "leave no one behind" (optional): a city's points count more the less mature it is in the
  topic's domain: x2.5 at level 1, x2 at level 2, x1.5 at level 3, x1 at level 4; a city that has
  not assessed the domain, or a topic without a domain, counts x1;
- ties on points are broken by the number of cities that ranked the topic first, then by the
  number of cities that asked for it at all, then by the title in alphabetical order.
"""

from dataclasses import dataclass, field

MAX_RANK = 5
LEVEL_WEIGHTS = {1: 2.5, 2: 2.0, 3: 1.5, 4: 1.0}


def points_for_rank(rank: int) -> int:
    return MAX_RANK + 1 - rank


def weight_for_level(level: int | None) -> float:
    return LEVEL_WEIGHTS.get(level, 1.0)


@dataclass
class Vote:
    city: object
    rank: int
    points: float
    weight: float = 1.0
    reason: str = ""


@dataclass
class RankedTopic:
    topic: object
    title: str
    points: float = 0.0
    first_choices: int = 0
    votes: list[Vote] = field(default_factory=list)
    position: int = 0
    # Why it stands above the next topic: "points", "first_choices", "cities" or "title".
    ahead_by: str = ""

    @property
    def cities(self) -> int:
        return len(self.votes)

    def sort_key(self):
        return (-self.points, -self.first_choices, -self.cities, self.title.casefold())


def borda(
    rankings: dict,
    *,
    titles: dict,
    levels: dict | None = None,
    reasons: dict | None = None,
) -> list[RankedTopic]:
    """Rank topics from the cities' rankings.

    ``rankings``: city -> list of topics, most needed first (at most 5).
    ``titles``: topic -> title (every topic in the backlog appears, even with no vote).
    ``levels``: (city, topic) -> maturity level of the city in the topic's domain; given only
    when the ranking weighs the least mature cities more.
    ``reasons``: (city, topic) -> the reason the city gave.
    """
    levels = levels or {}
    reasons = reasons or {}
    results = {topic: RankedTopic(topic=topic, title=title) for topic, title in titles.items()}
    for city, topics in rankings.items():
        for rank, topic in enumerate(topics[:MAX_RANK], start=1):
            weight = weight_for_level(levels.get((city, topic))) if levels else 1.0
            points = points_for_rank(rank) * weight
            entry = results[topic]
            entry.points += points
            entry.first_choices += rank == 1
            entry.votes.append(
                Vote(
                    city=city,
                    rank=rank,
                    points=points,
                    weight=weight,
                    reason=reasons.get((city, topic), ""),
                )
            )
    ordered = sorted(results.values(), key=RankedTopic.sort_key)
    for position, (entry, following) in enumerate(
        zip(ordered, [*ordered[1:], None], strict=True), start=1
    ):
        entry.position = position
        entry.votes.sort(key=lambda vote: (vote.rank, -vote.points))
        entry.ahead_by = _decider(entry, following) if following else ""
    return ordered


def _decider(entry: RankedTopic, following: RankedTopic) -> str:
    if entry.points != following.points:
        return "points"
    if entry.first_choices != following.first_choices:
        return "first_choices"
    if entry.cities != following.cities:
        return "cities"
    return "title"
