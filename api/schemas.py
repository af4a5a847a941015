"""What the API reads and writes. Bodies refuse unknown fields, so a typo is an error, not a
silently ignored value."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict

MAX_PAGE_SIZE = 100
# Identifiers fit the database's integers; a larger number is refused, not looked up.
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Slug = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")]


def _text_only(value):
    if not isinstance(value, str):
        raise ValueError("Enter a date as text: YYYY-MM-DD.")
    return value


def _number_only(value):
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("Enter a number, or a number as text.")
    return value


# Bodies are strict (no "1" for 1, no 0 for a date): what a client sends wrong is refused, not
# guessed. Dates come as ISO text, and amounts as numbers or text (to keep their decimals).
Day = Annotated[datetime.date, BeforeValidator(_text_only), Field(strict=False)]
Number = Annotated[Decimal, BeforeValidator(_number_only), Field(strict=False)]
# An amount goes out as exact decimal text ("12500.00", the currency's minor units), its
# currency beside it: a float would round it for every client that reads it.
Amount = Annotated[
    str,
    Field(pattern=r"^[0-9]+(\.[0-9]+)?$", json_schema_extra={"format": "decimal"}),
]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)


class Error(Schema):
    message: str
    detail: list | dict | None = None


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(
        20, ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page, at most {MAX_PAGE_SIZE}."
    )


class Page(Schema):
    count: int
    page: int
    page_size: int
    next_page: int | None


class CityOut(Schema):
    slug: str
    name: str
    country: str
    population: int
    latitude: float
    longitude: float
    languages: list[str]


class CityPage(Page):
    results: list[CityOut]


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    baseline: float | None
    target: float | None


class PilotOut(Schema):
    id: int
    slug: str
    title: str
    city: str
    theme: str | None
    status: str
    start: datetime.date | None
    end: datetime.date | None
    currency: str = Field(..., description="ISO 4217 code of the budget's currency.")
    budget: Amount
    budget_eur: Amount | None = Field(..., description="The budget in EUR.")
    people_reached: int | None
    indicators: list[IndicatorOut]


class PilotPage(Page):
    results: list[PilotOut]


class EventOut(Schema):
    id: int
    title: str
    kind: str
    start: datetime.datetime
    end: datetime.datetime
    place: str
    host_city: str | None


class EventPage(Page):
    results: list[EventOut]


class KnowledgeOut(Schema):
    id: int
    title: str
    language: str
    url: str
    first_published_at: datetime.datetime | None


class KnowledgePage(Page):
    results: list[KnowledgeOut]


class Breakdown(Schema):
    label: str | None
    value: float


class FigureOut(Schema):
    key: str
    label: str
    value: float
    total: int | None
    percent: int | None
    as_of: datetime.date | None
    by_city: list[Breakdown]
    by_phase: list[Breakdown]
    by_year: list[Breakdown]
    by_language: list[Breakdown]


class ReuseIn(Strict):
    city: str | None = Field(
        None, max_length=50, description="City slug; a city team's own city by default."
    )
    topic_id: int | None = Field(None, ge=1, le=2_147_483_647)
    method: str = Field("", max_length=200)
    where: Literal["policy", "service"]
    reused_in: str = Field(..., min_length=1, max_length=200)
    reused_on: Day | None = None
    evidence: str = Field(..., min_length=1, max_length=5000)
    evidence_url: str = Field("", max_length=200)


class ReuseOut(Schema):
    id: int
    city: str
    method: str
    where: str
    reused_in: str
    reused_on: datetime.date
    evidence: str


class IndicatorValueIn(Strict):
    indicator_id: int = Field(..., ge=1, le=2_147_483_647)
    period_start: Day
    period_end: Day | None = None
    actual: Number | None = Field(None, max_digits=14, decimal_places=4)
    target: Number | None = Field(None, max_digits=14, decimal_places=4)


class IndicatorValueOut(Schema):
    id: int
    indicator_id: int
    period_start: datetime.date
    period_end: datetime.date
    actual: float | None
    target: float | None


class ReflectionIn(Strict):
    quarter_id: int = Field(..., ge=1, le=2_147_483_647)
    city: str | None = Field(None, max_length=50)
    tried: str = Field(..., min_length=1, max_length=5000)
    worked: str = Field(..., min_length=1, max_length=5000)
    did_not_work: str = Field(..., min_length=1, max_length=5000)
    next_steps: str = Field(..., min_length=1, max_length=5000)
    lesson: str = Field("", max_length=5000)
    share_lesson: bool = False


class ReflectionOut(Schema):
    id: int
    city: str
    quarter_id: int
    submitted_at: datetime.datetime


class RankedTopic(Strict):
    topic_id: int = Field(..., ge=1, le=2_147_483_647)
    reason: str = Field("", max_length=2000)


class NeedsIn(Strict):
    quarter_id: int = Field(..., ge=1, le=2_147_483_647)
    city: str | None = Field(None, max_length=50)
    ranking: list[RankedTopic] = Field(..., min_length=1, max_length=20)


class NeedOut(Schema):
    topic_id: int
    rank: int


class Index(Schema):
    openapi: str
    endpoints: list[str]
