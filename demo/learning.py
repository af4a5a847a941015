"""The ASToN demo data of the learning app; called by ``demo_load``.

The quarterly rhythm of 2020-2022: each quarter's topic is the first of the Borda ranking of the
needs the eleven cities expressed (computed, never typed), events with registrations and
attendance, reflections, and three confirmed rounds of critical friends. Unique attendees of
trainings and transnational meetings come to the network's reported 480 because the participant
records below are made to attend them, and the figure is counted from those records.
"""

import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from baobab.exceptions import SYSTEM
from learning import selectors, services
from learning.models import (
    CriticalFriendPairing,
    Domain,
    Event,
    EventsPage,
    LearningPage,
    MaturityAssessment,
    Quarter,
    Reflection,
    Registration,
    Topic,
)
from network.models import Person, Theme

from . import names

D = Domain
# title, kind, theme slug, domain, summary
TOPICS = [
    ("Design thinking", "method", "service-design", D.EXPERIMENTATION,
     "Start from the people a service is for: observe, reframe, prototype, test."),
    ("Digital government", "theme", "policy-making", D.DIGITAL_GOVERNMENT,
     "Put municipal services online and organise the city hall around them."),
    ("Lean experimentation", "method", "policy-making", D.EXPERIMENTATION,
     "Small, cheap tests that tell early whether an idea is worth more money."),
    ("Data management", "theme", "data", D.DATA,
     "Collect, store, clean and share the data a city already produces."),
    ("Agile project management", "method", "policy-making", D.PROJECT_MANAGEMENT,
     "Short cycles, visible priorities, a team that adjusts the plan as it learns."),
    ("Data for decision-making", "theme", "data", D.DATA,
     "Indicators and dashboards that a mayor and a council actually use."),
    ("Financing digital projects", "skill", None, D.FINANCING,
     "Budgets, funders, public procurement and the business case of a pilot."),
    ("Project management and budget monitoring", "skill", None, D.PROJECT_MANAGEMENT,
     "Plan, track spending and report: what the cities asked for late in the cycle."),
    ("Citizen participation", "theme", "citizen-participation", D.CITIZEN_PARTICIPATION,
     "Involve residents in choosing, shaping and judging what the city tries."),
    ("Steering a local action group", "skill", None, D.CITIZEN_PARTICIPATION,
     "Keep the stakeholders of the local plan engaged between meetings."),
    ("Open data", "theme", "data", D.DATA,
     "Publish the city's data with a licence so others can build on it."),
    ("Evaluating an experiment", "skill", "policy-making", D.EXPERIMENTATION,
     "Decide from evidence whether to stop, continue or scale a pilot."),
    ("Street addressing with digital tools", "theme", "land-addressing", D.DIGITAL_GOVERNMENT,
     "Name streets and number buildings so services can reach everyone."),
]  # fmt: skip

# The topic each quarter's needs favour: the ranking, not this list, picks the topic.
QUARTERS = [
    ("2020 Q3", datetime.date(2020, 7, 1), "Design thinking"),
    ("2020 Q4", datetime.date(2020, 10, 1), "Digital government"),
    ("2021 Q1", datetime.date(2021, 1, 1), "Lean experimentation"),
    ("2021 Q2", datetime.date(2021, 4, 1), "Data management"),
    ("2021 Q3", datetime.date(2021, 7, 1), "Agile project management"),
    ("2021 Q4", datetime.date(2021, 10, 1), "Data for decision-making"),
    ("2022 Q1", datetime.date(2022, 1, 1), "Financing digital projects"),
    ("2022 Q2", datetime.date(2022, 4, 1), "Project management and budget monitoring"),
]
OPEN_QUARTER = ("2022 Q3", datetime.date(2022, 7, 1))

REASONS = {
    "Design thinking": "Our services were designed without asking residents.",
    "Digital government": "Most procedures still need a visit to the city hall.",
    "Lean experimentation": "We want to test before we commit the budget.",
    "Data management": "Our data sits in separate spreadsheets in each department.",
    "Agile project management": "Our plans change faster than our project methods.",
    "Data for decision-making": "The council asks for figures we cannot produce quickly.",
    "Financing digital projects": "Our pilots need funding beyond the network.",
    "Project management and budget monitoring": "We lose track of spending on our pilots.",
    "Citizen participation": "Residents do not know what the city is trying.",
    "Steering a local action group": "Our stakeholders drift away between meetings.",
    "Open data": "Local start-ups ask for our data.",
    "Evaluating an experiment": "We do not know how to judge our pilot.",
    "Street addressing with digital tools": "Many streets still have no name.",
}

# Each city's self-assessed levels, in the order of Domain: digital government, data,
# experimentation, citizen participation, project management, financing.
MATURITY = {
    "bamako": (2, 1, 1, 3, 2, 1),
    "benguerir": (3, 3, 3, 2, 3, 2),
    "bizerte": (3, 2, 2, 2, 3, 2),
    "kampala": (3, 3, 2, 2, 3, 3),
    "kigali": (4, 4, 3, 3, 4, 3),
    "kumasi": (2, 2, 1, 2, 2, 2),
    "lagos": (3, 3, 2, 1, 3, 4),
    "matola": (1, 1, 2, 3, 2, 1),
    "niamey": (1, 2, 1, 2, 1, 1),
    "nouakchott": (2, 1, 2, 1, 2, 2),
    "seme-podji": (1, 1, 2, 4, 1, 1),
}
ASSESSED_ON = datetime.date(2020, 6, 15)

REPORTED_PARTICIPANTS = 480
# Participants who only came to kickoffs and peer-learning moments, per city: not counted in
# the reported figure.
OTHER_PARTICIPANTS = 3
STAGES = [
    (1, "Baseline study and vision"),
    (2, "Local action plan"),
    (3, "Pilots"),
]

LESSONS = [
    "Testing a paper prototype with ten residents told us more than a month of meetings.",
    "A pilot needs one person in the city hall who owns it, not a committee.",
    "Publishing a small data set early brought partners we did not expect.",
    "Budget lines for digital work must be asked for a year ahead.",
    "Peers who faced the same problem are the fastest way to a working answer.",
]

PAGES = {
    "learning": {
        "en": ("Learning journey", "<p>What the cities learn together, quarter by quarter: "
               "the topics they asked for, the one chosen each quarter, and what is next.</p>"),
        "fr": ("Parcours d’apprentissage", "<p>Ce que les villes apprennent ensemble, trimestre "
               "après trimestre : les sujets demandés, celui retenu chaque trimestre, et la "
               "suite.</p>"),
        "pt": ("Percurso de aprendizagem", "<p>O que as cidades aprendem juntas, trimestre a "
               "trimestre: os temas pedidos, o escolhido em cada trimestre e o que vem a "
               "seguir.</p>"),
    },
    "events": {
        "en": ("Events", "<p>Kickoffs, trainings, transnational meetings and peer-learning "
               "moments of the network. Subscribe to the calendar to follow them.</p>"),
        "fr": ("Événements", "<p>Lancements, formations, rencontres transnationales et moments "
               "d’apprentissage entre pairs du réseau. Abonnez-vous au calendrier pour les "
               "suivre.</p>"),
        "pt": ("Eventos", "<p>Lançamentos, formações, encontros transnacionais e momentos de "
               "aprendizagem entre pares da rede. Subscreva o calendário para os seguir.</p>"),
    },
}  # fmt: skip


def load(*, network, cities, homes, locales) -> None:
    """Create or update the demo records (idempotent: a second run duplicates nothing)."""
    with transaction.atomic():
        topics = _topics(network)
        _maturity(cities)
        quarters = _quarters(network, cities, topics)
        participants = _participants(network, cities)
        _events(network, cities, quarters, participants)
        _reflections(cities, quarters)
        _critical_friends(network)
    _pages(homes, locales)


def _topics(network) -> dict[str, Topic]:
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    topics = {}
    for title, kind, theme, domain, summary in TOPICS:
        topic, _created = Topic.objects.get_or_create(
            network=network,
            title=title,
            defaults={
                "kind": kind,
                "theme": themes.get(theme),
                "domain": domain,
                "summary": summary,
                "resources": "URBACT toolbox: https://urbact.eu/toolbox-home",
            },
        )
        topics[title] = topic
    return topics


def _maturity(cities) -> None:
    for slug, levels in MATURITY.items():
        city = cities[slug]
        if MaturityAssessment.objects.filter(city=city).exists():
            continue
        services.maturity_assess(
            city=city,
            levels=dict(zip(Domain.values, levels, strict=True)),
            assessed_on=ASSESSED_ON,
            actor=SYSTEM,
        )


def _city_ranking(index: int, favoured: Topic, candidates: list[Topic]) -> list[Topic]:
    """A plausible ranking: most cities put the favoured topic first, a few second or third."""
    others = [topic for topic in candidates if topic.pk != favoured.pk]
    shift = (index * 3) % max(len(others), 1)
    others = others[shift:] + others[:shift]
    ranking = others[:4]
    position = {2: 1, 5: 2, 8: 1}.get(index, 0)
    ranking.insert(position, favoured)
    return ranking[:5]


def _quarters(network, cities, topics) -> list[Quarter]:
    slugs = sorted(cities)
    quarters = []
    for name, start, favoured in QUARTERS:
        quarter = _quarter(network, name, start)
        quarters.append(quarter)
        if quarter.topic_id:
            continue
        candidates = list(Topic.objects.filter(network=network, status=Topic.Status.WAITING))
        for index, slug in enumerate(slugs):
            ranking = _city_ranking(index, topics[favoured], candidates)
            services.needs_rank(
                city=cities[slug],
                quarter=quarter,
                ranking=[(topic, REASONS[topic.title]) for topic in ranking],
                actor=SYSTEM,
            )
        # The secretariat takes the first of the ranking.
        first = selectors.quarter_ranking(quarter=quarter)[0].topic
        services.quarter_topic_choose(quarter=quarter, topic=first, actor=SYSTEM)
        first.refresh_from_db()
        first.status = Topic.Status.DONE
        first.save()
    name, start = OPEN_QUARTER
    quarter = _quarter(network, name, start)
    if not quarter.needs.exists():
        candidates = list(Topic.objects.filter(network=network, status=Topic.Status.WAITING))
        # Some cities have ranked already; Bamako and Lagos have not (the demo lets them).
        for index, slug in enumerate(slugs):
            if slug in ("bamako", "lagos") or index % 3 == 0:
                continue
            ranking = _city_ranking(index, topics["Citizen participation"], candidates)
            services.needs_rank(
                city=cities[slug],
                quarter=quarter,
                ranking=[(topic, REASONS[topic.title]) for topic in ranking],
                actor=SYSTEM,
            )
    return quarters


def _quarter(network, name, start) -> Quarter:
    end = (start + timedelta(days=92)).replace(day=1) - timedelta(days=1)
    quarter, _created = Quarter.objects.get_or_create(
        network=network,
        name=name,
        defaults={
            "start": start,
            "end": end,
            "needs_deadline": start - timedelta(days=14),
            "practice_start": start + timedelta(days=21),
            "practice_end": end - timedelta(days=14),
            "reflection_deadline": end,
        },
    )
    return quarter


def _participants(network, cities) -> dict[str, list[Person]]:
    """Participant records for each city: the reported ones, then a few others."""
    slugs = sorted(cities)
    base, extra = divmod(REPORTED_PARTICIPANTS, len(slugs))
    wanted = {}
    for index, slug in enumerate(slugs):
        reported = base + (1 if index < extra else 0)
        wanted[slug] = [
            (f"participant-{slug}-{n:02d}@aston.example", n < reported)
            for n in range(reported + OTHER_PARTICIPANTS)
        ]
    existing = {
        p.email: p for p in Person.objects.filter(network=network, email__startswith="participant-")
    }
    # Names are unique across the network, the named demo accounts included.
    taken = set(
        Person.objects.filter(network=network)
        .exclude(email__startswith="participant-")
        .values_list("name", flat=True)
    )
    new, renamed = [], []
    counter = 0
    for slug, rows in wanted.items():
        for (email, _reported), (name, organisation) in zip(
            rows, names.participants(slug, len(rows), taken), strict=True
        ):
            counter += 1
            person = existing.get(email)
            if person is None:
                new.append(
                    Person(
                        network=network,
                        city=cities[slug],
                        name=name,
                        email=email,
                        role=Person.Role.STAKEHOLDER if counter % 4 else Person.Role.TEAM_MEMBER,
                        organisation=organisation,
                    )
                )
            elif (person.name, person.organisation) != (name, organisation):
                # A demo loaded before names were unique gets them on its next load.
                person.name, person.organisation = name, organisation
                renamed.append(person)
    Person.objects.bulk_create(new)
    Person.objects.bulk_update(renamed, ["name", "organisation"])
    people = {
        p.email: p for p in Person.objects.filter(network=network, email__startswith="participant-")
    }
    return {
        slug: {
            "reported": [people[email] for email, reported in rows if reported],
            "others": [people[email] for email, reported in rows if not reported],
        }
        for slug, rows in wanted.items()
    }


def _at(day: datetime.date, hour: int, zone: str) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone))


def _event(network, **fields) -> Event:
    event = Event.objects.filter(network=network, title=fields["title"]).first()
    if event is None:
        event = services.event_save(event=Event(network=network, **fields), actor=SYSTEM)
    return event


TRANSNATIONAL = [
    ("Transnational meeting: learning from each other's baselines", datetime.date(2020, 9, 22),
     None, "Europe/Paris", ""),
    ("Transnational meeting: from vision to action plan", datetime.date(2021, 3, 16),
     None, "Europe/Paris", ""),
    ("Transnational meeting in Kigali", datetime.date(2021, 11, 9), "kigali", "Africa/Kigali",
     "Kigali Convention Centre"),
    ("Closing transnational meeting in Bamako", datetime.date(2022, 5, 24), "bamako",
     "Africa/Bamako", "Centre international de conférences de Bamako"),
]  # fmt: skip


def _events(network, cities, quarters, participants) -> None:
    expert = Person.objects.filter(network=network, role=Person.Role.LEAD_EXPERT).first()
    slugs = sorted(cities)
    reported_events = []
    for quarter in quarters:
        topic = quarter.topic
        kickoff = _event(
            network,
            title=f"Kickoff {quarter.name}: {topic.title}",
            kind=Event.Kind.KICKOFF,
            start=_at(quarter.start + timedelta(days=7), 10, "Europe/Paris"),
            end=_at(quarter.start + timedelta(days=7), 12, "Europe/Paris"),
            timezone="Europe/Paris",
            online_url="https://meet.example.org/aston-kickoff",
            languages=["fr", "en"],
            facilitator=expert,
            topic=topic,
            quarter=quarter,
            description=f"The learning guide on {topic.title.lower()} is handed out.",
        )
        if quarter.kickoff_event_id != kickoff.pk:
            quarter.kickoff_event = kickoff
            quarter.tools_introduced = f"Learning guide and worksheets: {topic.title}"
            quarter.save()
        training = _event(
            network,
            title=f"Training: {topic.title}",
            kind=Event.Kind.TRAINING,
            start=_at(quarter.start + timedelta(days=28), 9, "Africa/Lagos"),
            end=_at(quarter.start + timedelta(days=28), 13, "Africa/Lagos"),
            timezone="Africa/Lagos",
            online_url="https://meet.example.org/aston-training",
            languages=["fr", "en", "pt"],
            facilitator=expert,
            topic=topic,
            quarter=quarter,
            notes="Exercises in small groups by language; each city presented a first use case.",
        )
        peer = _event(
            network,
            title=f"Peer-learning moment: {topic.title}",
            kind=Event.Kind.PEER_LEARNING,
            start=_at(quarter.start + timedelta(days=63), 14, "Africa/Nairobi"),
            end=_at(quarter.start + timedelta(days=63), 16, "Africa/Nairobi"),
            timezone="Africa/Nairobi",
            online_url="https://meet.example.org/aston-peers",
            languages=["fr", "en"],
            topic=topic,
            quarter=quarter,
        )
        reported_events.append(training)
        _attend(kickoff, [p for s in slugs for p in participants[s]["others"]], absent_every=5)
        _attend(peer, [p for s in slugs for p in participants[s]["others"][:2]], absent_every=0)
    for title, day, host, zone, place in TRANSNATIONAL:
        reported_events.append(
            _event(
                network,
                title=title,
                kind=Event.Kind.TRANSNATIONAL_MEETING,
                start=_at(day, 9, zone),
                end=_at(day + timedelta(days=2), 17, zone),
                timezone=zone,
                place=place,
                online_url="" if place else "https://meet.example.org/aston-network",
                languages=["fr", "en"],
                host_city=cities.get(host) if host else None,
                notes="Site visits, pitches of each city's plan and critical-friend sessions."
                if place
                else "",
            )
        )
    # Every reported participant attends at least one training or transnational meeting; the
    # registrations that did not come are kept as not attended.
    for index, event in enumerate(reported_events):
        people = [
            person
            for slug in slugs
            for n, person in enumerate(participants[slug]["reported"])
            if n % len(reported_events) == index or (n + index) % 5 == 0
        ]
        _attend(event, people, absent_every=0)
        absent = [p for s in slugs for p in participants[s]["others"][2:]]
        _attend(event, absent, absent_every=1)


def _attend(event, people, *, absent_every: int) -> None:
    """Registrations of ``people`` with attendance (every ``absent_every``-th did not come)."""
    existing = set(event.registrations.values_list("person_id", flat=True))
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                person=person,
                registered_at=event.start - timedelta(days=10),
                attended=not (absent_every and n % absent_every == 0),
            )
            for n, person in enumerate(people)
            if person.pk not in existing
        ]
    )


def _reflections(cities, quarters) -> None:
    slugs = sorted(cities)
    for q_index, quarter in enumerate(quarters):
        topic = quarter.topic.title.lower()
        for index, slug in enumerate(slugs):
            # The last quarter is still being reflected on by a few cities.
            if q_index == len(quarters) - 1 and index % 4 == 1:
                continue
            if (q_index + index) % 9 == 8:
                continue
            if Reflection.objects.filter(city=cities[slug], quarter=quarter).exists():
                continue
            share = (q_index * 3 + index) % 7 == 0
            services.reflection_submit(
                city=cities[slug],
                quarter=quarter,
                tried=f"We applied {topic} to one service of the city with our local group.",
                worked="The team met every week and residents took part in the tests.",
                did_not_work="Procurement rules slowed the purchase of the tools we needed.",
                next_steps="Extend the approach to a second department next quarter.",
                lesson=LESSONS[(q_index + index) % len(LESSONS)] if share else "",
                share_lesson=share,
                actor=SYSTEM,
            )
            Reflection.objects.filter(city=cities[slug], quarter=quarter).update(
                submitted_at=_at(quarter.end - timedelta(days=index), 12, "UTC")
            )


def _critical_friends(network) -> None:
    for stage, name in STAGES:
        if CriticalFriendPairing.objects.filter(network=network, stage=stage).exists():
            continue
        services.pairings_propose(network=network, stage=stage, stage_name=name, actor=SYSTEM)
        services.pairings_confirm(network=network, stage=stage, actor=SYSTEM)


def _pages(homes, locales) -> None:
    from demo.services import _publish_if_changed, _translated

    for model, key in ((LearningPage, "learning"), (EventsPage, "events")):
        texts = PAGES[key]
        en = model.objects.child_of(homes["en"]).first()
        if en is None:
            en = homes["en"].add_child(instance=model(title=texts["en"][0], slug=key, live=False))
        _publish_if_changed(en, {"title": texts["en"][0], "intro": texts["en"][1]})
        for code, locale in locales.items():
            if code != "en":
                _translated(en, locale, {"title": texts[code][0], "intro": texts[code][1]})
