"""The learning journey's views: admin forms for city teams and the secretariat (thin: the rules
are in services and selectors), and the public iCalendar files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from baobab.exceptions import NotAllowed
from network import audit, permissions
from network.models import City, Person
from network.selectors import network_default, network_member_cities, public_city_ids

from . import calendar, forms, selectors, services
from .models import Event, Quarter, Topic


def _city(request, city_pk) -> City:
    """The city the user writes for: their own, or any for the secretariat; another city's is a
    404, recorded in the audit trail."""
    with audit.refusals_recorded(request):
        return permissions.get_city_for_user(request.user, city_pk, "change")


def _data(request):
    # An empty POST is still a submission: it must be validated, not shown as a fresh form.
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def overview(request):
    """The learning journey's hub: what the user's city should do, or the secretariat's tools."""
    network = network_default()
    if network is None:
        raise Http404
    city_id = permissions.user_city_id(request.user)
    context = {
        "network": network,
        "is_secretariat": permissions.is_secretariat(request.user),
        "city": City.objects.filter(pk=city_id).first() if city_id else None,
        "quarters": list(Quarter.objects.filter(network=network).select_related("topic")),
        "events": list(
            Event.objects.filter(network=network).select_related("topic").order_by("-start")[:20]
        ),
        "stages": selectors.stages(network=network),
    }
    return render(request, "learning/admin/overview.html", context)


def needs_edit(request, quarter_pk, city_pk):
    city = _city(request, city_pk)
    quarter = get_object_or_404(Quarter, pk=quarter_pk)
    topics = Topic.objects.filter(network=quarter.network).exclude(status=Topic.Status.DONE)
    current = selectors.city_ranking(city=city, quarter=quarter)
    form = forms.NeedsForm(_data(request), topics=topics, initial_ranking=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_rank(
                city=city, quarter=quarter, ranking=form.ranking(), actor=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Your ranking for %(quarter)s is saved.") % {"quarter": quarter}
            )
            return redirect("learning_needs", quarter_pk=quarter.pk, city_pk=city.pk)
    context = {"form": form, "city": city, "quarter": quarter, "current": current}
    return render(request, "learning/admin/needs.html", context)


def ranking(request, quarter_pk):
    permissions.ensure_secretariat(request.user)
    quarter = get_object_or_404(Quarter.objects.select_related("network", "topic"), pk=quarter_pk)
    if request.method == "POST" and request.POST.get("action") == "weighting":
        services.quarter_weighting_set(
            quarter=quarter,
            weight_least_mature=request.POST.get("weight_least_mature") == "on",
            actor=request.user,
        )
        return redirect("learning_ranking", quarter_pk=quarter.pk)
    ranked = selectors.quarter_ranking(quarter=quarter)
    topics = Topic.objects.filter(network=quarter.network).exclude(status=Topic.Status.DONE)
    first = ranked[0].topic if ranked and ranked[0].votes else None
    data = request.POST if request.method == "POST" else None
    form = forms.ChooseTopicForm(
        data, topics=topics, initial={"topic": first.pk if first else None}
    )
    if data is not None and form.is_valid():
        try:
            services.quarter_topic_choose(
                quarter=quarter,
                topic=form.cleaned_data["topic"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(topic)s is the topic of %(quarter)s.")
                % {"topic": form.cleaned_data["topic"], "quarter": quarter},
            )
            return redirect("learning_ranking", quarter_pk=quarter.pk)
    asked = [entry for entry in ranked if entry.votes]
    context = {
        "quarter": quarter,
        "ranked": asked,
        "why_first": selectors.why_first(ranked),
        "form": form,
        "cities_ranked": len({vote.city for entry in asked for vote in entry.votes}),
        "member_count": network_member_cities(network=quarter.network).count(),
    }
    return render(request, "learning/admin/ranking.html", context)


def reflections_status(request, quarter_pk):
    permissions.ensure_secretariat(request.user)
    quarter = get_object_or_404(Quarter, pk=quarter_pk)
    context = {"quarter": quarter, **selectors.missing_reflections(quarter=quarter)}
    return render(request, "learning/admin/reflections.html", context)


def reflect(request, quarter_pk, city_pk):
    city = _city(request, city_pk)
    quarter = get_object_or_404(Quarter, pk=quarter_pk)
    instance = quarter.reflections.filter(city=city).first()
    form = forms.ReflectionForm(_data(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.reflection_submit(city=city, quarter=quarter, actor=request.user, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your reflection is saved."))
            return redirect("learning_reflect", quarter_pk=quarter.pk, city_pk=city.pk)
    return render(
        request, "learning/admin/reflect.html", {"form": form, "city": city, "quarter": quarter}
    )


def maturity(request):
    """Every member city's latest maturity, side by side."""
    network = network_default()
    if network is None or not request.user.has_perm("learning.view_maturityassessment"):
        raise NotAllowed
    context = {"matrix": selectors.maturity_matrix(network=network)}
    return render(request, "learning/admin/maturity.html", context)


def maturity_edit(request, city_pk):
    city = _city(request, city_pk)
    current = selectors.latest_levels(cities=[city]).get(city.pk, {})
    form = forms.MaturityForm(_data(request), current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.maturity_assess(city=city, levels=form.levels(), actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The self-assessment of %(city)s is saved.") % {"city": city}
            )
            return redirect("learning_maturity_edit", city_pk=city.pk)
    return render(request, "learning/admin/maturity_edit.html", {"form": form, "city": city})


def register(request, event_pk, city_pk):
    city = _city(request, city_pk)
    event = get_object_or_404(Event, pk=event_pk)
    people = Person.objects.filter(city=city, network=event.network).order_by("name")
    registered = list(
        event.registrations.filter(person__city=city).values_list("person_id", flat=True)
    )
    form = forms.RegistrationForm(_data(request), people=people, initial={"people": registered})
    if request.method == "POST" and form.is_valid():
        try:
            services.registrations_set(
                event=event, city=city, people=list(form.cleaned_data["people"]), actor=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Registrations saved."))
            return redirect("learning_register", event_pk=event.pk, city_pk=city.pk)
    context = {"form": form, "city": city, "event": event}
    return render(request, "learning/admin/register.html", context)


def attendance(request, event_pk):
    permissions.ensure_secretariat(request.user)
    event = get_object_or_404(Event, pk=event_pk)
    import_form = forms.AttendanceImportForm()
    import_errors = []
    if request.method == "POST" and request.POST.get("action") == "import":
        import_form = forms.AttendanceImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            sheet = import_form.cleaned_data["sheet"]
            try:
                result = services.attendance_import(
                    event=event, name=sheet.name, content=sheet.read(), actor=request.user
                )
            except services.AttendanceImportError as error:
                import_errors = error.rows
            else:
                messages.success(
                    request,
                    _("Sheet imported: %(attended)d people attended.") % result,
                )
                return redirect("learning_attendance", event_pk=event.pk)
    elif request.method == "POST":
        attended = {int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()}
        services.attendance_record(event=event, attended=attended, actor=request.user)
        messages.success(request, _("Attendance saved."))
        return redirect("learning_attendance", event_pk=event.pk)
    registrations = list(
        event.registrations.select_related("person__city").order_by(
            "person__city__name", "person__name"
        )
    )
    context = {
        "event": event,
        "registrations": registrations,
        "import_form": import_form,
        "import_errors": import_errors,
    }
    return render(request, "learning/admin/attendance.html", context)


def _stage(request) -> int:
    value = request.POST.get("stage", "")
    return int(value) if value.isdigit() else 0


def pairings(request):
    permissions.ensure_secretariat(request.user)
    network = network_default()
    if network is None:
        raise Http404
    cities = network_member_cities(network=network)
    propose_form = forms.ProposeForm(prefix="propose")
    swap_form = forms.SwapForm(prefix="swap", cities=cities)
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "propose":
            propose_form = forms.ProposeForm(request.POST, prefix="propose")
            if propose_form.is_valid():
                services.pairings_propose(
                    network=network, actor=request.user, **propose_form.cleaned_data
                )
                messages.success(request, _("Proposal ready: check each pair, swap, then confirm."))
                return redirect("learning_pairings")
        elif action == "swap":
            swap_form = forms.SwapForm(request.POST, prefix="swap", cities=cities)
            if swap_form.is_valid():
                services.pairings_swap(
                    network=network,
                    stage=_stage(request),
                    city_x=swap_form.cleaned_data["city_x"],
                    city_y=swap_form.cleaned_data["city_y"],
                    actor=request.user,
                )
                messages.success(request, _("Cities swapped."))
                return redirect("learning_pairings")
        elif action == "confirm":
            services.pairings_confirm(network=network, stage=_stage(request), actor=request.user)
            messages.success(request, _("Critical friends confirmed."))
            return redirect("learning_pairings")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    stages = selectors.stages(network=network)
    next_stage = max((s["stage"] for s in stages), default=0) + 1
    if not propose_form.is_bound:
        propose_form = forms.ProposeForm(prefix="propose", initial={"stage": next_stage})
    context = {"stages": stages, "propose_form": propose_form, "swap_form": swap_form}
    return render(request, "learning/admin/pairings.html", context)


# --- iCalendar ---------------------------------------------------------------------------------


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def events_ics(request):
    network = network_default()
    if network is None:
        raise Http404
    events = selectors.events_for_network(network=network).order_by("start")
    return _ics(calendar.feed(events, name=network.name, request=request), "events.ics")


@require_GET
def city_events_ics(request, slug):
    network = network_default()
    if network is None:
        raise Http404
    city = get_object_or_404(City, slug=slug, pk__in=public_city_ids(network=network))
    events = selectors.city_events(network=network, city=city).order_by("start")
    name = f"{network.name} – {city.name}"
    return _ics(calendar.feed(events, name=name, request=request), f"{slug}-events.ics")


@require_GET
def event_ics(request, pk):
    event = get_object_or_404(Event.objects.select_related("facilitator", "host_city"), pk=pk)
    return _ics(calendar.feed([event], name=event.title, request=request), f"event-{pk}.ics")
