"""/api/: the JSON API. Public reads of what is published; writes with a personal token, through
the same services and permission helpers as the web forms (another city's record: 404)."""

import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from wagtail.api.v3.auth import BearerTokenAuth

from baobab.currencies import amount_text
from baobab.errors import api_error_response, domain_error_response
from baobab.exceptions import Invalid, NotAllowed, NotFound
from experiments import selectors as pilot_selectors
from experiments import services as pilot_services
from experiments.permissions import get_pilot_for_user
from impact import selectors as impact_selectors
from impact import services as impact_services
from knowledge.selectors import published_items
from learning import services as learning_services
from learning.models import Quarter, Topic
from network import audit, permissions
from network.models import City
from network.selectors import network_default, network_member_cities
from network.versioning import WriteConflict, conflict_message

from . import schemas as s


class UnsupportedMediaType(Exception):
    pass


class JSONParser(Parser):
    """Bodies are JSON, said so by their Content-Type: a form post or a file is refused (415)
    rather than read as JSON by chance."""

    def parse_body(self, request):
        content_type = request.content_type or ""
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise UnsupportedMediaType(content_type)
        return super().parse_body(request)


api = NinjaAPI(
    title="Baobab API",
    version="1",
    description=(
        "Public, read-only endpoints for what the network publishes; endpoints for city teams "
        "to submit records with a personal API token (Authorization: Bearer <token>), under "
        "the same rules as the web forms. Errors are JSON objects with a message."
    ),
    urls_namespace="api",
    docs_url=None,
    parser=JSONParser(),
)
# Wagtail's bearer tokens: the account behind the token becomes request.user, which the
# services and permission helpers read.
auth = BearerTokenAuth()
# Writes take a JSON body: one too large is a 413, one that is not JSON a 415; a write that
# collides with another is a 409.
ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 413, 415, 422), s.Error)
READ_ERRORS = {404: s.Error, 422: s.Error}


# --- Errors: always JSON with a message ----------------------------------------------------------


def _error(request, status, message, detail=None):
    return api.create_response(request, {"message": message, "detail": detail}, status=status)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    return _error(request, 422, _("The request is not valid: see detail."), exc.errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, _("A valid, unrevoked API token is required."))


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return _error(request, 403, _("Your account may not do this."))


@api.exception_handler(Http404)
def _missing(request, exc):
    return _error(request, 404, _("Not found."))


def _domain_refusal(request, exc):
    if isinstance(exc, permissions.CityAccessRefused):
        audit._record_city_refusal(request, exc)
    return domain_error_response(request, exc)


# The services' and permission helpers' refusals, mapped where every page's are.
for _kind in (NotFound, NotAllowed, Invalid):
    api.add_exception_handler(_kind, _domain_refusal)


@api.exception_handler(DjangoValidationError)
def _refused(request, exc):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 400, " ".join(exc.messages), detail)


@api.exception_handler(WriteConflict)
def _conflict(request, exc):
    return _error(request, 409, " ".join(exc.messages))


@api.exception_handler(IntegrityError)
def _collision(request, exc):
    # The services turn a duplicate into an update; a collision they could not is a conflict,
    # never a server error.
    return _error(request, 409, conflict_message())


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # Ninja reports any failure of the body parser as a 400 "Cannot parse request body", in
    # English: what the parser raised says which it was.
    if isinstance(exc.__cause__, UnsupportedMediaType):
        return api_error_response(request, 415)
    if exc.status_code == 400 and exc.__cause__ is not None:
        return _error(
            request, 400, _("The body is not valid JSON."), {"body": [str(exc.__cause__)]}
        )
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def _failed(request, exc):
    logging.getLogger("django.request").exception(
        "Internal Server Error: %s", request.path, exc_info=exc
    )
    return api_error_response(request, 500)


# --- Helpers --------------------------------------------------------------------------------------


def _network():
    network = network_default()
    if network is None:
        raise Http404
    return network


def _page(queryset, params: s.PageParams, serialise) -> dict:
    """One page of ``queryset`` (already in a stable order): a count and a slice, two queries."""
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    rows = list(queryset[start : start + params.page_size])
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "next_page": params.page + 1 if start + params.page_size < count else None,
        "results": [serialise(row) for row in rows],
    }


def _city_for(request, slug):
    """The city a write is for: the one named, else the team's own. Rights are checked by the
    services, as for the web forms."""
    if slug:
        return get_object_or_404(City, slug=slug)
    city_id = permissions.user_city_id(request.user)
    if city_id is None:
        raise HttpError(422, _("Say which city this is for (field: city)."))
    return City.objects.get(pk=city_id)


def _number(value):
    return None if value is None else float(value)


# --- Public reads ---------------------------------------------------------------------------------


@api.get("/", response=s.Index, summary="What this API offers")
def index(request):
    paths = sorted(f"/api{path}" for path in api.get_openapi_schema(path_prefix="")["paths"])
    return {"openapi": "/api/openapi.json", "endpoints": paths}


def _city(city) -> dict:
    return {
        "slug": city.slug,
        "name": city.name,
        "country": str(city.country),
        "population": city.population,
        "latitude": float(city.latitude),
        "longitude": float(city.longitude),
        "languages": list(city.languages or []),
    }


@api.get("/cities", response={200: s.CityPage, **READ_ERRORS}, summary="Member cities")
def cities(request, params: Query[s.PageParams]):
    rows = network_member_cities(network=_network()).order_by("name", "pk")
    return _page(rows, params, _city)


@api.get("/cities/{slug}", response={200: s.CityOut, **READ_ERRORS}, summary="A member city")
def city(request, slug: Path[s.Slug]):
    return _city(get_object_or_404(network_member_cities(network=_network()), slug=slug))


def _pilots(network):
    return (
        pilot_selectors.network_pilots(network=network)
        .select_related("city", "theme")
        .prefetch_related("indicators")
        .order_by("pk")
    )


def _pilot(pilot, rates) -> dict:
    return {
        "id": pilot.pk,
        "slug": pilot.slug,
        "title": pilot.title,
        "city": pilot.city.slug,
        "theme": pilot.theme.slug if pilot.theme_id else None,
        "status": pilot.status,
        "start": pilot.start,
        "end": pilot.end,
        "currency": pilot.currency,
        "budget": amount_text(pilot.budget_amount or Decimal(0), pilot.currency),
        "budget_eur": amount_text(
            pilot_selectors.to_eur(pilot.budget_amount or Decimal(0), pilot.currency, rates),
            "EUR",
        ),
        "people_reached": pilot.people_reached,
        "indicators": [
            {
                "id": indicator.pk,
                "name": indicator.name,
                "unit": indicator.unit,
                "baseline": _number(indicator.baseline),
                "target": _number(indicator.target),
            }
            for indicator in pilot.indicators.all()
        ],
    }


@api.get("/pilots", response={200: s.PilotPage, **READ_ERRORS}, summary="Pilots")
def pilots(request, params: Query[s.PageParams]):
    network = _network()
    rates = pilot_selectors.rates_for(network=network)
    return _page(_pilots(network), params, lambda pilot: _pilot(pilot, rates))


@api.get("/pilots/{pilot_id}", response={200: s.PilotOut, **READ_ERRORS}, summary="A pilot")
def pilot(request, pilot_id: Path[s.Id]):
    network = _network()
    found = _pilots(network).filter(pk=pilot_id).first()
    if found is None:
        raise Http404
    return _pilot(found, pilot_selectors.rates_for(network=network))


@api.get("/events", response={200: s.EventPage, **READ_ERRORS}, summary="Events")
def events(request, params: Query[s.PageParams]):
    rows = (
        impact_selectors.public_events(network=_network())
        .select_related("host_city")
        .order_by("start", "pk")
    )
    return _page(
        rows,
        params,
        lambda event: {
            "id": event.pk,
            "title": event.title,
            "kind": event.kind,
            "start": event.start,
            "end": event.end,
            "place": event.place,
            "host_city": event.host_city.slug if event.host_city_id else None,
        },
    )


@api.get("/knowledge", response={200: s.KnowledgePage, **READ_ERRORS}, summary="Published items")
def knowledge(request, params: Query[s.PageParams]):
    rows = published_items().select_related("locale").order_by("pk")
    return _page(
        rows,
        params,
        lambda item: {
            "id": item.pk,
            "title": item.title,
            "language": item.locale.language_code,
            "url": item.get_url(request=request) or "",
            "first_published_at": item.first_published_at,
        },
    )


def _pairs(rows):
    return [{"label": None if k is None else str(k), "value": float(v)} for k, v in rows]


@api.get(
    "/key-figures",
    response={200: list[s.FigureOut], **READ_ERRORS},
    summary="Key figures, computed from the records",
)
def key_figures(request):
    figures = impact_selectors.key_figures(network=_network())
    return [
        {
            "key": figure.key,
            "label": str(figure.label),
            "value": float(figure.value),
            "total": figure.total,
            "percent": figure.percent,
            "as_of": figure.as_of,
            "by_city": _pairs(figure.by_city),
            "by_phase": _pairs(figure.by_phase),
            "by_year": _pairs(figure.by_year),
            "by_language": _pairs(figure.by_language),
        }
        for figure in figures.values()
    ]


# --- Writes, with a personal token ---------------------------------------------------------------


@api.post(
    "/reuse-records",
    auth=auth,
    response={201: s.ReuseOut, **ERRORS},
    summary="Record a reuse of the programme's methods",
)
def reuse_record_create(request, body: s.ReuseIn):
    network = _network()
    city = _city_for(request, body.city)
    fields = body.dict(exclude={"city", "topic_id"}, exclude_none=True)
    if body.topic_id is not None:
        fields["topic"] = Topic.objects.filter(pk=body.topic_id, network=network).first()
        if fields["topic"] is None:
            raise HttpError(422, _("Unknown topic (field: topic_id)."))
    record = impact_services.reuse_record_create(
        network=network, city=city, actor=request.user, **fields
    )
    return Status(
        201,
        {
            "id": record.pk,
            "city": city.slug,
            "method": record.method_name,
            "where": record.where,
            "reused_in": record.reused_in,
            "reused_on": record.reused_on,
            "evidence": record.evidence,
        },
    )


@api.post(
    "/pilots/{pilot_id}/indicator-values",
    auth=auth,
    response={201: s.IndicatorValueOut, **ERRORS},
    summary="Record an indicator's value for a period",
)
def indicator_value_record(request, pilot_id: Path[s.Id], body: s.IndicatorValueIn):
    found = get_pilot_for_user(request.user, pilot_id, "change")
    indicator = found.indicators.filter(pk=body.indicator_id).first()
    if indicator is None:
        raise Http404
    value = pilot_services.indicator_value_record(
        indicator=indicator,
        period_start=body.period_start,
        period_end=body.period_end,
        actual=body.actual,
        target=body.target,
        actor=request.user,
    )
    return Status(
        201,
        {
            "id": value.pk,
            "indicator_id": indicator.pk,
            "period_start": value.period_start,
            "period_end": value.period_end,
            "actual": _number(value.actual),
            "target": _number(value.target),
        },
    )


@api.post(
    "/reflections",
    auth=auth,
    response={201: s.ReflectionOut, **ERRORS},
    summary="Submit the city's reflection for a quarter",
)
def reflection_submit(request, body: s.ReflectionIn):
    quarter = get_object_or_404(Quarter, pk=body.quarter_id, network=_network())
    city = _city_for(request, body.city)
    reflection = learning_services.reflection_submit(
        city=city,
        quarter=quarter,
        actor=request.user,
        **body.dict(exclude={"quarter_id", "city"}),
    )
    return Status(
        201,
        {
            "id": reflection.pk,
            "city": city.slug,
            "quarter_id": quarter.pk,
            "submitted_at": reflection.submitted_at,
        },
    )


@api.put(
    "/needs",
    auth=auth,
    response={200: list[s.NeedOut], **ERRORS},
    summary="Rank the city's learning needs for a quarter",
)
def needs_rank(request, body: s.NeedsIn):
    network = _network()
    quarter = get_object_or_404(Quarter, pk=body.quarter_id, network=network)
    city = _city_for(request, body.city)
    wanted = [row.topic_id for row in body.ranking]
    topics = Topic.objects.in_bulk(wanted)
    if any(pk not in topics or topics[pk].network_id != network.pk for pk in wanted):
        raise HttpError(422, _("Unknown topic in the ranking (field: topic_id)."))
    needs = learning_services.needs_rank(
        city=city,
        quarter=quarter,
        ranking=[(topics[row.topic_id], row.reason) for row in body.ranking],
        actor=request.user,
    )
    return [{"topic_id": need.topic_id, "rank": need.rank} for need in needs]
