"""Writes of the learning journey. Each checks who may do it, validates in full and runs in one
transaction: a refused write leaves everything as it was."""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from baobab.exceptions import NotAllowed, actor_user
from network import permissions
from network.fields import normalise_email
from network.models import City, Person
from network.services import save_logged
from network.signals import public_content_changed
from network.versioning import WriteConflict, conflict_message

from . import pairing, selectors, sheets
from .models import (
    MAX_RANKED_TOPICS,
    CriticalFriendPairing,
    Domain,
    Event,
    MaturityAssessment,
    NeedExpression,
    Quarter,
    Reflection,
    Registration,
    Topic,
)


def _ensure_city(actor, city: City) -> None:
    """Only the secretariat, or the city's own team, writes a city's learning records; another
    city's team is answered as if the city did not exist."""
    if actor_user(actor) is None:
        return  # SYSTEM: the demo loader, commands, tasks
    permissions.get_city_for_user(actor, city.pk, "change")


def _ensure_secretariat(actor) -> None:
    if actor_user(actor) is not None and not permissions.is_secretariat(actor):
        raise NotAllowed


# --- Needs -------------------------------------------------------------------------------------


@transaction.atomic
def needs_rank(*, city: City, quarter: Quarter, ranking: list, actor) -> list[NeedExpression]:
    """Replace the city's ranking for the quarter. ``ranking``: (topic, reason) pairs, most
    needed first."""
    _ensure_city(actor, city)
    if quarter.topic_id:
        raise ValidationError(_("This quarter's topic is already chosen: the ranking is closed."))
    if not ranking:
        raise ValidationError(_("Rank at least one topic."))
    if len(ranking) > MAX_RANKED_TOPICS:
        raise ValidationError(
            _("Rank at most %(max)d topics; you ranked %(count)d.")
            % {"max": MAX_RANKED_TOPICS, "count": len(ranking)}
        )
    topics = [topic for topic, _reason in ranking]
    seen = set()
    for topic in topics:
        if topic.pk in seen:
            raise ValidationError(
                _("%(topic)s appears more than once: rank each topic once.") % {"topic": topic}
            )
        seen.add(topic.pk)
        if topic.network_id != quarter.network_id:
            raise ValidationError(
                _("%(topic)s is not in this network's backlog.") % {"topic": topic}
            )
    # A city's rankings queue here (PostgreSQL): the same ranking sent twice at once replaces
    # itself instead of colliding.
    City.objects.select_for_update().filter(pk=city.pk).first()
    for attempt in (1, 2):
        needs = [
            NeedExpression(
                city=city, quarter=quarter, topic=topic, rank=rank, reason=reason.strip()
            )
            for rank, (topic, reason) in enumerate(ranking, start=1)
        ]
        for need in needs:
            # The related records and the uniqueness of topics and ranks are checked above.
            need.full_clean(exclude=("city", "quarter", "topic"), validate_constraints=False)
        try:
            with transaction.atomic():
                NeedExpression.objects.filter(city=city, quarter=quarter).delete()
                NeedExpression.objects.bulk_create(needs)
            break
        except IntegrityError:
            # Another request saved a ranking between our delete and our insert: replace it.
            if attempt == 2:
                raise WriteConflict({NON_FIELD_ERRORS: [conflict_message()]}) from None
    # One audit entry per ranking, on the city, with the whole ranking.
    log(
        city,
        "baobab.needs_ranked",
        user=actor_user(actor),
        data={"quarter": quarter.name, "ranking": [str(topic) for topic in topics]},
    )
    public_content_changed.send(sender=__name__)
    return needs


@transaction.atomic
def quarter_topic_choose(*, quarter: Quarter, topic: Topic, reason: str = "", actor):
    """The secretariat picks the quarter's topic: the first of the ranking, or another one with
    a reason."""
    _ensure_secretariat(actor)
    ranked = selectors.quarter_ranking(quarter=quarter)
    first = ranked[0].topic if ranked and ranked[0].votes else None
    if topic.network_id != quarter.network_id:
        raise ValidationError(_("This topic belongs to another network's backlog."))
    if first is not None and topic.pk != first.pk and not reason.strip():
        raise ValidationError(
            _("%(topic)s is not first in the ranking: say why you choose it over %(first)s.")
            % {"topic": topic, "first": first}
        )
    if first is None and not reason.strip():
        raise ValidationError(_("No city has ranked its needs: say why you choose this topic."))
    quarter.topic = topic
    quarter.choice_reason = reason.strip()
    quarter.topic_chosen_at = timezone.now()
    save_logged(quarter, actor=actor)
    if topic.status == Topic.Status.WAITING:
        topic.status = Topic.Status.SCHEDULED
        save_logged(topic, actor=actor)
    return quarter


@transaction.atomic
def quarter_weighting_set(*, quarter: Quarter, weight_least_mature: bool, actor) -> Quarter:
    """Switch "leave no one behind" on or off for the quarter's ranking."""
    _ensure_secretariat(actor)
    quarter.weight_least_mature = weight_least_mature
    return save_logged(quarter, actor=actor)


# --- Maturity and reflections ------------------------------------------------------------------


@transaction.atomic
def maturity_assess(
    *, city: City, levels: dict, assessed_on: date | None = None, actor
) -> list[MaturityAssessment]:
    """Record the city's self-assessment: ``levels`` maps domains to levels 1-4."""
    _ensure_city(actor, city)
    assessed_on = assessed_on or timezone.localdate()
    unknown = set(levels) - set(Domain.values)
    if unknown:
        raise ValidationError(_("Unknown domain: %(domain)s.") % {"domain": sorted(unknown)[0]})
    MaturityAssessment.objects.filter(
        city=city, assessed_on=assessed_on, domain__in=levels
    ).delete()
    saved = [
        MaturityAssessment(city=city, domain=domain, level=level, assessed_on=assessed_on)
        for domain, level in levels.items()
    ]
    for record in saved:
        record.full_clean(exclude=("city",), validate_constraints=False)
    MaturityAssessment.objects.bulk_create(saved)
    log(
        city,
        "baobab.maturity_assessed",
        user=actor_user(actor),
        data={"assessed_on": assessed_on.isoformat(), "levels": levels},
    )
    public_content_changed.send(sender=__name__)
    return saved


@transaction.atomic
def reflection_submit(*, city: City, quarter: Quarter, actor, author=None, **fields):
    _ensure_city(actor, city)
    reflection = Reflection.objects.filter(city=city, quarter=quarter).first() or Reflection(
        city=city, quarter=quarter
    )
    for name, value in fields.items():
        setattr(reflection, name, value)
    reflection.author = author or permissions.user_person(actor_user(actor))
    reflection.submitted_at = timezone.now()
    return save_logged(reflection, actor=actor)


# --- Events and attendance ---------------------------------------------------------------------


@transaction.atomic
def event_save(*, event: Event, actor) -> Event:
    _ensure_secretariat(actor)
    return save_logged(event, actor=actor)


@transaction.atomic
def registrations_set(*, event: Event, city: City, people: list, actor) -> list:
    """Register exactly ``people`` of ``city`` for the event (others of the city are removed)."""
    _ensure_city(actor, city)
    if any(person.city_id != city.pk for person in people):
        raise ValidationError(_("Only people of %(city)s can be registered here.") % {"city": city})
    Registration.objects.filter(event=event, person__city=city).exclude(person__in=people).delete()
    existing = set(
        Registration.objects.filter(event=event, person__in=people).values_list(
            "person_id", flat=True
        )
    )
    created = [
        save_logged(Registration(event=event, person=person), actor=actor)
        for person in people
        if person.pk not in existing
    ]
    return created


@transaction.atomic
def attendance_record(*, event: Event, attended: set, actor) -> int:
    """The checklist: registered people in ``attended`` (ids) came, the others did not."""
    _ensure_secretariat(actor)
    registrations = list(event.registrations.all())
    for registration in registrations:
        registration.attended = registration.person_id in attended
    Registration.objects.bulk_update(registrations, ["attended"])
    log(event, "baobab.attendance", user=actor_user(actor), data={"attended": len(attended)})
    public_content_changed.send(sender=__name__)
    return len(registrations)


class AttendanceImportError(ValidationError):
    """The sheet was refused; ``rows`` holds (row number, reason) for every problem found."""

    def __init__(self, rows):
        self.rows = rows
        super().__init__([_("Row %(row)d: %(reason)s") % {"row": n, "reason": r} for n, r in rows])


EMAIL_HEADERS = (
    "email", "e-mail", "mail", "email address", "e-mail address", "courriel", "adresse email",
    "adresse e-mail", "adresse électronique", "adresse courriel", "endereço de email",
    "endereço de e-mail", "endereço eletrónico", "endereço eletrônico", "correio eletrónico",
    "correio eletrônico",
)  # fmt: skip
ATTENDED_HEADERS = (
    "attended", "present", "attendance", "présent", "présente", "présence", "presente",
    "presença", "participé", "a participé", "participou", "compareceu",
)  # fmt: skip
NAME_HEADERS = ("name", "full name", "nom", "nom complet", "prénom et nom", "nome")


def _people_by_email(people) -> dict:
    """Everyone of the network under their normalised address, as a list: an address that
    leads to two people must not pick one of them at random."""
    by_email = {}
    for person in people:
        if person.email:
            by_email.setdefault(normalise_email(person.email), []).append(person)
    return by_email


@transaction.atomic
def attendance_import(*, event: Event, name: str, content: bytes, actor) -> dict:
    """Attendance from a CSV or XLSX sheet with an email column and an optional attended
    column (yes/no; yes when absent), headed in English, French or Portuguese. All or
    nothing: any bad row refuses the whole sheet, with the row numbers and reasons."""
    _ensure_secretariat(actor)
    try:
        rows = sheets.read_rows(name, content)
    except sheets.SheetRefused as refusal:
        raise AttendanceImportError([(0, refusal.message)]) from None
    if not rows:
        raise AttendanceImportError([(1, _("The sheet is empty."))])
    header = rows[0]
    email_col = sheets.find_column(header, EMAIL_HEADERS)
    if email_col is None:
        raise AttendanceImportError(
            [
                (
                    1,
                    _(
                        "The first row must name an email column (%(email)s) and may name a "
                        "column saying who came (%(attended)s)."
                    )
                    % {
                        "email": _("email, e-mail, courriel"),
                        "attended": _("attended, présent, presente"),
                    },
                )
            ]
        )
    attended_col = sheets.find_column(header, ATTENDED_HEADERS)
    name_col = sheets.find_column(header, NAME_HEADERS)
    people = _people_by_email(Person.objects.filter(network=event.network).exclude(email=""))
    errors, found, seen = [], {}, set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue

        def cell(col, row=row):
            return row[col] if col is not None and col < len(row) else ""

        email = normalise_email(cell(email_col))
        value = cell(attended_col)
        if not email:
            errors.append((number, _("the email is missing.")))
            continue
        matches = people.get(email, [])
        if not matches:
            typed = cell(name_col)
            message = _("nobody in the network has the email %(email)s.") % {"email": email}
            if typed:
                message = _("nobody in the network has the email %(email)s (%(name)s).") % {
                    "email": email,
                    "name": typed,
                }
            errors.append((number, message))
            continue
        if len(matches) > 1:
            errors.append(
                (
                    number,
                    _("%(email)s belongs to more than one person: %(people)s.")
                    % {"email": email, "people": ", ".join(p.name for p in matches)},
                )
            )
            continue
        if email in seen:
            errors.append((number, _("%(email)s appears twice.") % {"email": email}))
            continue
        seen.add(email)
        [person] = matches
        came = True if attended_col is None else sheets.parse_yes_no(value)
        if came is None:
            errors.append(
                (
                    number,
                    _("'%(value)s' is not yes or no (oui/non, sim/não, x).")
                    % {"value": value or "?"},
                )
            )
            continue
        found[person.pk] = came
    if errors:
        raise AttendanceImportError(errors)
    existing = {r.person_id: r for r in Registration.objects.filter(event=event)}
    updated = []
    for person_id, came in found.items():
        if person_id in existing:
            existing[person_id].attended = came
            updated.append(existing[person_id])
    Registration.objects.bulk_update(updated, ["attended"])
    new = [
        Registration(event=event, person_id=person_id, attended=came)
        for person_id, came in found.items()
        if person_id not in existing
    ]
    Registration.objects.bulk_create(new)
    log(event, "baobab.attendance", user=actor_user(actor), data={"imported": len(found)})
    public_content_changed.send(sender=__name__)
    return {"updated": len(updated), "created": len(new), "attended": sum(found.values())}


# --- Critical friends --------------------------------------------------------------------------


@transaction.atomic
def pairings_propose(*, network, stage: int, stage_name: str, actor) -> list:
    """Propose the critical friends of a stage (replacing an unconfirmed proposal)."""
    _ensure_secretariat(actor)
    if not stage_name.strip():
        raise ValidationError(_("Name the stage, e.g. 'Local action plans'."))
    if CriticalFriendPairing.objects.filter(network=network, stage=stage, confirmed=True).exists():
        raise ValidationError(_("The pairs of this stage are confirmed already."))
    CriticalFriendPairing.objects.filter(network=network, stage=stage).delete()
    cities = list(selectors.network_member_cities(network=network))
    if len(cities) < 2:
        raise ValidationError(_("At least two member cities are needed to pair them."))
    levels = selectors.latest_levels(network=network)
    history = selectors.pairing_history(network=network, before_stage=stage)
    groups = pairing.propose([c.pk for c in cities], levels=levels, history=history)
    by_id = {city.pk: city for city in cities}
    created = []
    for group in groups:
        members = [by_id[pk] for pk in group.cities]
        record = CriticalFriendPairing(
            network=network,
            stage=stage,
            stage_name=stage_name.strip(),
            city_a=members[0],
            city_b=members[1],
            city_c=members[2] if len(members) > 2 else None,
            complementarity=group.score,
            reasons=selectors.pairing_reasons(group),
        )
        created.append(save_logged(record, actor=actor))
    return created


@transaction.atomic
def pairings_swap(*, network, stage: int, city_x: City, city_y: City, actor) -> None:
    """Swap two cities between their groups in an unconfirmed proposal."""
    _ensure_secretariat(actor)
    rows = list(CriticalFriendPairing.objects.filter(network=network, stage=stage))
    if any(row.confirmed for row in rows):
        raise ValidationError(_("The pairs of this stage are confirmed already."))

    def slot(city):
        for row in rows:
            for name in ("city_a", "city_b", "city_c"):
                if getattr(row, f"{name}_id") == city.pk:
                    return row, name
        raise ValidationError(_("%(city)s is not in this proposal.") % {"city": city})

    (row_x, name_x), (row_y, name_y) = slot(city_x), slot(city_y)
    if row_x.pk == row_y.pk:
        raise ValidationError(_("These two cities are already together."))
    setattr(row_x, name_x, city_y)
    setattr(row_y, name_y, city_x)
    levels = selectors.latest_levels(network=network)
    history = selectors.pairing_history(network=network, before_stage=stage)
    for row in (row_x, row_y):
        group = pairing.describe(row.city_ids, levels=levels, history=history)
        row.complementarity = group.score
        row.reasons = selectors.pairing_reasons(group, swapped=True)
        save_logged(row, actor=actor)


@transaction.atomic
def pairings_confirm(*, network, stage: int, actor) -> int:
    _ensure_secretariat(actor)
    rows = list(CriticalFriendPairing.objects.filter(network=network, stage=stage))
    if not rows:
        raise ValidationError(_("There is no proposal for this stage."))
    now = timezone.now()
    for row in rows:
        row.confirmed, row.confirmed_at = True, now
        user = actor_user(actor)
        row.confirmed_by = user if user is not None and user.is_authenticated else None
        save_logged(row, actor=actor)
    return len(rows)
