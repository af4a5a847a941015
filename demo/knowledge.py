"""The ASToN demo data of the knowledge app; called by ``demo_load``.

The texts are written for the demo from the facts in CONTEXT.md. Figures the records hold are
key-figure blocks computed when the page renders; the others are stated as the network reported
them.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from knowledge import services
from knowledge.models import KnowledgeIndexPage, KnowledgeItemPage
from network.models import Theme
from programme.models import Phase


def _p(*paragraphs):
    return {"type": "text", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def _figure(figure, caption=""):
    return {"type": "key_figure", "value": {"figure": figure, "caption": caption}}


def _lessons(heading, *lessons):
    return {"type": "lessons", "value": {"heading": heading, "lessons": list(lessons)}}


def _quote(text, author):
    return {"type": "quote", "value": {"text": text, "author": author}}


INDEX = {
    "en": {
        "title": "Knowledge library",
        "intro": "<p>What the network learned, told by its cities and experts: stories, case "
        "studies, lessons and methods, free to read, print and share.</p>",
    },
    "fr": {
        "title": "Bibliothèque des savoirs",
        "intro": "<p>Ce que le réseau a appris, raconté par ses villes et ses experts : récits, "
        "études de cas, leçons et méthodes, à lire, imprimer et partager librement.</p>",
    },
    "pt": {
        "title": "Biblioteca do conhecimento",
        "intro": "<p>O que a rede aprendeu, contado pelas suas cidades e peritos: histórias, "
        "estudos de caso, lições e métodos, para ler, imprimir e partilhar livremente.</p>",
    },
}

EPISODE = {
    "slug": "first-cycle",
    "kind": "episode",
    "area": "network",
    "audience": "funders",
    "phase": "experiment",
    "themes": [],
    "cities": [],
    "original": "en",
    "text": {
        "en": {
            "title": "Episode 1: the first cycle of the network",
            "summary": "Three years, eleven cities, one shared question: how can digital tools "
            "serve citizens? The network's first cycle in a few figures.",
            "body": [
                _p(
                    "From September 2019 to mid-2022, eleven African cities explored, engaged "
                    "and experimented together. Here is what the first cycle leaves behind."
                ),
                _figure("cities", "member cities"),
                _figure("inhabitants", "inhabitants in the member cities"),
                _figure("action_plans_approved", "local action plans validated by a city council"),
                _p(
                    "The network also reported 480 participants in its trainings and "
                    "transnational meetings, EUR 450,000 invested in experiments, 424 people "
                    "reached by the solutions tested, and three cities in ten already reusing "
                    "the programme's methods for other policies."
                ),
                _quote(
                    "We came for technology and left with a way of working.",
                    "A city coordinator at the closing meeting",
                ),
            ],
        },
        "fr": {
            "title": "Épisode 1 : le premier cycle du réseau",
            "summary": "Trois ans, onze villes, une même question : comment le numérique peut-il "
            "servir les habitants ? Le premier cycle du réseau en quelques chiffres.",
            "body": [
                _p(
                    "De septembre 2019 à mi-2022, onze villes africaines ont exploré, se sont "
                    "engagées et ont expérimenté ensemble. Voici ce que laisse le premier cycle."
                ),
                _figure("cities", "villes membres"),
                _figure("inhabitants", "habitants dans les villes membres"),
                _figure("action_plans_approved", "plans d'action locaux validés par un conseil"),
                _p(
                    "Le réseau a aussi compté 480 participants à ses formations et rencontres "
                    "transnationales, 450 000 EUR investis dans les expérimentations, 424 "
                    "personnes touchées par les solutions testées, et trois villes sur dix qui "
                    "réutilisent déjà ses méthodes pour d'autres politiques."
                ),
                _quote(
                    "Nous sommes venus pour la technologie et repartons avec une façon de "
                    "travailler.",
                    "Une coordinatrice de ville, à la rencontre de clôture",
                ),
            ],
        },
        "pt": {
            "title": "Episódio 1: o primeiro ciclo da rede",
            "summary": "Três anos, onze cidades, uma pergunta comum: como pode o digital servir "
            "os cidadãos? O primeiro ciclo da rede em alguns números.",
            "body": [
                _p(
                    "De setembro de 2019 a meados de 2022, onze cidades africanas exploraram, "
                    "envolveram-se e experimentaram juntas."
                ),
                _figure("cities", "cidades membros"),
                _figure("inhabitants", "habitantes nas cidades membros"),
                _figure("action_plans_approved", "planos de ação locais validados"),
                _p(
                    "A rede registou ainda 480 participantes nas formações e encontros, "
                    "450 000 EUR investidos em experiências e 424 pessoas alcançadas."
                ),
            ],
        },
    },
}

ONBOARDING = {
    "slug": "onboarding-cities",
    "kind": "case_study",
    "area": "network",
    "audience": "practitioners",
    "phase": "explore",
    "themes": [],
    "cities": [],
    "original": "en",
    # The English original was revised after its translation: the overview shows it stale.
    "revised": {
        "en": _p(
            "Revised after the closing meeting: the paperwork took longest where a new budget "
            "line had to be opened."
        )
    },
    "text": {
        "en": {
            "title": "Case study: welcoming eleven cities into a network",
            "summary": "How the network confirmed its cities, signed the paperwork, met every "
            "team at home and started a culture of innovation, and what it would do "
            "differently.",
            "body": [
                _p(
                    "Twelve cities were selected by a call for applications; eleven joined. "
                    "Onboarding had to confirm each city's commitment, sign agreements, make "
                    "memberships public and let people get to know each other.",
                    "An inaugural event hosted by one city brought everyone together, and the "
                    "secretariat visited each city to meet its team, the press and its mayor.",
                ),
                _lessons(
                    "Lessons learned",
                    "Keep selection close to the start: eight months of waiting cost staff, "
                    "priorities and elections.",
                    "The first contract and the first transfer always take longer than the next "
                    "ones: plan for new budget lines.",
                    "Respecting each city's processes and deadlines is why eleven of twelve "
                    "cities could join.",
                ),
            ],
        },
        "fr": {
            "title": "Étude de cas : accueillir onze villes dans un réseau",
            "summary": "Comment le réseau a confirmé ses villes, signé les conventions, "
            "rencontré chaque équipe chez elle et lancé une culture de l'innovation.",
            "body": [
                _p(
                    "Douze villes ont été retenues par un appel à candidatures ; onze ont "
                    "rejoint le réseau. L'accueil devait confirmer l'engagement de chacune, "
                    "signer les conventions et faire connaissance."
                ),
                _lessons(
                    "Leçons apprises",
                    "Rapprocher la sélection du démarrage : huit mois d'attente ont coûté des "
                    "équipes, des priorités et des élections.",
                    "Le premier contrat et le premier virement prennent toujours plus de temps.",
                    "Respecter les procédures de chaque ville a permis à onze villes sur douze "
                    "de rejoindre le réseau.",
                ),
            ],
        },
    },
}

JOURNEY = {
    "slug": "learning-journey",
    "kind": "case_study",
    "area": "network",
    "audience": "practitioners",
    "phase": "engage",
    "themes": ["policy-making"],
    "cities": [],
    "original": "fr",
    "text": {
        "fr": {
            "title": "Étude de cas : un parcours d'apprentissage guidé par les besoins",
            "summary": "Un sujet par trimestre, choisi selon les besoins exprimés par les villes, "
            "un guide remis au lancement, puis la pratique et le retour d'expérience.",
            "body": [
                _p(
                    "Les villes ne partent pas du même point : le parcours commun doit faire "
                    "avancer les plus avancées sans laisser personne en route.",
                    "Chaque trimestre, le réseau revoit sa liste de sujets et en choisit un selon "
                    "les besoins exprimés. Une réunion de lancement remet un guide ; les villes "
                    "pratiquent, puis disent ce qui a marché et ce qui n'a pas marché.",
                ),
                _lessons(
                    "Leçons apprises",
                    "Demander aux villes de classer leurs besoins rend le choix du sujet légitime.",
                    "Appris tard : il fallait davantage de gestion de projet, de suivi budgétaire "
                    "et d'animation d'un groupe local.",
                ),
            ],
        },
        "en": {
            "title": "Case study: a learning journey driven by needs",
            "summary": "One topic a quarter, chosen from the needs the cities express, a guide "
            "handed out at the kickoff, then practice and reflection.",
            "body": [
                _p(
                    "Cities do not start from the same point: the common path has to move the "
                    "most advanced forward and leave nobody behind.",
                    "Each quarter the network reviews its backlog and picks one topic from the "
                    "needs expressed. A kickoff hands out a learning guide; cities practise, "
                    "then say what worked and what did not.",
                ),
                _lessons(
                    "Lessons learned",
                    "Asking cities to rank their needs makes the choice of topic legitimate.",
                    "Learned late: cities needed more project management, budget monitoring and "
                    "help steering a local group.",
                ),
            ],
        },
    },
}

FIVE_THINGS = {
    "slug": "five-things",
    "kind": "lesson",
    "area": "network",
    "audience": "practitioners",
    "phase": None,
    "themes": [],
    "cities": [],
    "original": "en",
    "text": {
        "en": {
            "title": "Five things we wish we had known",
            "summary": "What the secretariat would tell anyone starting a network of cities "
            "tomorrow.",
            "body": [
                _lessons(
                    "Five things",
                    "Write the network's purpose as questions, and adjust them as you go.",
                    "Pair cities as critical friends, changing partners at each stage.",
                    "Plans break: plan so that you can iterate.",
                    "Bring people together in person: those meetings were fully attended, "
                    "mayors included.",
                    "Experimenting is not the goal: it gives the data to start, stop or go on, "
                    "and to raise funds.",
                )
            ],
        },
        "fr": {
            "title": "Cinq choses que nous aurions aimé savoir",
            "summary": "Ce que le secrétariat dirait à qui lance demain un réseau de villes.",
            "body": [
                _lessons(
                    "Cinq choses",
                    "Formuler la raison d'être du réseau en questions, et les ajuster en route.",
                    "Associer les villes en amies critiques, en changeant de binôme à chaque "
                    "étape.",
                    "Les plans cassent : planifier pour pouvoir itérer.",
                    "Réunir les gens en personne : ces rencontres ont fait le plein, maires "
                    "compris.",
                    "Expérimenter n'est pas le but : cela donne les données pour lancer, arrêter "
                    "ou continuer, et pour lever des fonds.",
                )
            ],
        },
        "pt": {
            "title": "Cinco coisas que gostaríamos de ter sabido",
            "summary": "O que o secretariado diria a quem começa amanhã uma rede de cidades.",
            "body": [
                _lessons(
                    "Cinco coisas",
                    "Escrever a razão de ser da rede como perguntas, e ajustá-las pelo caminho.",
                    "Juntar cidades como amigas críticas, mudando de par em cada etapa.",
                    "Os planos falham: planear para poder iterar.",
                    "Reunir as pessoas presencialmente.",
                    "Experimentar não é o objetivo: dá os dados para começar, parar ou continuar.",
                )
            ],
        },
    },
}

CRITICAL_FRIENDS = {
    "slug": "critical-friends",
    "kind": "method",
    "area": "network",
    "audience": "cities",
    "phase": "engage",
    "themes": [],
    "cities": [],
    "original": "fr",
    "text": {
        "fr": {
            "title": "Méthode : les villes amies critiques",
            "summary": "Une autre ville du réseau, qui change à chaque étape du projet, sert de "
            "partenaire de confiance pour mettre ses idées à l'épreuve.",
            "body": [
                _p(
                    "Avant chaque étape, deux villes échangent leurs documents et se posent les "
                    "questions qui fâchent. Le binôme change à l'étape suivante, pour croiser "
                    "les regards."
                )
            ],
        },
    },
}

# A short story per city: (slug, original language, themes, {lang: (title, summary, text)}).
CITY_STORIES = [
    (
        "bamako",
        "fr",
        ["land-addressing"],
        {
            "fr": (
                "Bamako : donner une adresse à chaque rue",
                "Le district a choisi l'adressage comme premier chantier numérique.",
                "Avec ses partenaires, Bamako a cartographié des quartiers entiers et appris à "
                "associer les chefs de quartier dès le départ.",
            ),
            "en": (
                "Bamako: an address for every street",
                "The district chose street addressing as its first digital project.",
                "With its partners, Bamako mapped whole neighbourhoods and learned to involve "
                "neighbourhood chiefs from the start.",
            ),
        },
    ),
    (
        "benguerir",
        "fr",
        ["data"],
        {
            "fr": (
                "Benguerir : une ville nouvelle qui apprend de ses pairs",
                "Jeune ville universitaire, Benguerir a cherché à structurer ses données.",
                "Les échanges avec des villes plus grandes ont aidé l'équipe à fixer ses "
                "priorités avant d'investir.",
            ),
        },
    ),
    (
        "bizerte",
        "fr",
        ["citizen-participation"],
        {
            "fr": (
                "Bizerte : écouter les habitants autrement",
                "La ville a testé de nouveaux canaux pour recueillir l'avis des habitants.",
                "Un groupe local d'acteurs a porté la démarche et l'a rendue durable.",
            ),
        },
    ),
    (
        "kampala",
        "en",
        ["mobility"],
        {
            "en": (
                "Kampala: data for safer, smoother streets",
                "The capital used the network to frame its mobility questions with data.",
                "The team learned to start small, measure, and share the results with "
                "transport operators.",
            ),
        },
    ),
    (
        "kigali",
        "en",
        ["service-design"],
        {
            "en": (
                "Kigali: designing services with their users",
                "Kigali brought service design into the way its teams build digital services.",
                "Workshops with residents changed what the city decided to build first.",
            ),
            "fr": (
                "Kigali : concevoir les services avec leurs usagers",
                "Kigali a fait entrer le design de services dans la façon de travailler.",
                "Des ateliers avec les habitants ont changé ce que la ville a construit en "
                "premier.",
            ),
        },
    ),
    (
        "kumasi",
        "en",
        ["waste-cleanliness"],
        {
            "en": (
                "Kumasi: a cleaner city, one pilot at a time",
                "Kumasi tested digital tools to organise waste collection.",
                "The pilot gave the evidence the council needed to decide what to scale.",
            ),
        },
    ),
    (
        "lagos",
        "en",
        ["tax-collection"],
        {
            "en": (
                "Lagos: learning at the scale of a megacity",
                "Sixteen million people: Lagos looked for methods that hold at any size.",
                "Peer exchanges helped the team compare approaches to revenue collection.",
            ),
        },
    ),
    (
        "matola",
        "en",
        ["land-addressing"],
        {
            "en": (
                "Matola: mapping land to plan the city",
                "Matola worked on land management to plan its growth.",
                "Working in Portuguese within a French and English network taught the team to "
                "share early and often.",
            ),
            "pt": (
                "Matola: mapear o território para planear a cidade",
                "Matola trabalhou na gestão do território para planear o seu crescimento.",
                "Trabalhar em português numa rede francófona e anglófona ensinou a equipa a "
                "partilhar cedo e muitas vezes.",
            ),
        },
    ),
    (
        "niamey",
        "fr",
        ["tax-collection"],
        {
            "fr": (
                "Niamey : mieux collecter pour mieux servir",
                "Niamey a travaillé sur la collecte des recettes locales.",
                "L'équipe a appris à tester sur un marché avant d'étendre à la ville.",
            ),
        },
    ),
    (
        "nouakchott",
        "fr",
        ["data"],
        {
            "fr": (
                "Nouakchott : des données pour décider",
                "La ville a voulu appuyer ses décisions sur des données fiables.",
                "Un inventaire des données existantes a été la première étape.",
            ),
        },
    ),
    (
        "seme-podji",
        "fr",
        ["citizen-participation"],
        {
            "fr": (
                "Sèmè-Podji : une petite ville, de grandes ambitions",
                "Avec 225 000 habitants, Sèmè-Podji a prouvé qu'on peut innover sans grand budget.",
                "Les amies critiques du réseau ont aidé l'équipe à affiner son plan d'action.",
            ),
        },
    ),
]

BRIEFS = [
    {
        "slug": "brief-street-addressing",
        "kind": "brief",
        "area": "application",
        "audience": "cities",
        "phase": "experiment",
        "themes": ["land-addressing"],
        "cities": ["bamako", "matola"],
        "original": "fr",
        "text": {
            "fr": {
                "title": "Note thématique : l'adressage des rues",
                "summary": "Pourquoi l'adressage ouvre la voie à la fiscalité locale, aux "
                "services d'urgence et à la planification.",
                "body": [
                    _p(
                        "Une adresse rend une ville lisible : pour les secours, pour la "
                        "collecte des taxes, pour les services de livraison."
                    )
                ],
            },
            "en": {
                "title": "Thematic brief: street addressing",
                "summary": "Why street addressing opens the way to local revenue, emergency "
                "services and planning.",
                "body": [
                    _p(
                        "An address makes a city legible: for emergency services, for tax "
                        "collection, for deliveries."
                    )
                ],
            },
        },
    },
    {
        "slug": "brief-tax-collection",
        "kind": "brief",
        "area": "application",
        "audience": "funders",
        "phase": "experiment",
        "themes": ["tax-collection"],
        "cities": ["lagos", "niamey"],
        "original": "en",
        "text": {
            "en": {
                "title": "Thematic brief: digital tools for local revenue",
                "summary": "What cities learned when they tried digital tools to collect local "
                "taxes and fees.",
                "body": [
                    _p(
                        "Start with one market or one fee, measure the revenue before and "
                        "after, and keep the collectors in the loop."
                    )
                ],
            },
        },
    },
    {
        "slug": "brief-citizen-participation",
        "kind": "brief",
        "area": "application",
        "audience": "public",
        "phase": "engage",
        "themes": ["citizen-participation"],
        "cities": ["bizerte", "seme-podji"],
        "original": "fr",
        "text": {
            "fr": {
                "title": "Note thématique : la participation citoyenne",
                "summary": "Comment associer les habitants à la transformation numérique de "
                "leur ville.",
                "body": [
                    _p(
                        "Aller vers les habitants là où ils sont, par téléphone, à la radio "
                        "ou au marché, avant de leur demander de venir en ligne."
                    )
                ],
            },
        },
    },
]

# The capture plan: (area, theme slug, city slug, what, why, method, format, channel, owner role,
# due date, days).
PLAN = [
    (
        "network",
        None,
        None,
        "Episode on the first cycle",
        "Tell funders what the network achieved",
        "desk",
        "episode",
        "website",
        "secretariat",
        datetime.date(2022, 3, 15),
        "3",
    ),
    (
        "network",
        None,
        None,
        "Case study on onboarding",
        "Help the next cycle start faster",
        "interview",
        "case_study",
        "website",
        "lead_expert",
        datetime.date(2022, 3, 31),
        "4",
    ),
    (
        "network",
        None,
        None,
        "Case study on the learning journey",
        "Share a needs-driven method",
        "workshop",
        "case_study",
        "newsletter",
        "lead_expert",
        datetime.date(2022, 4, 15),
        "4",
    ),
    (
        "network",
        None,
        None,
        "Five things we wish we had known",
        "A short lesson for networks",
        "workshop",
        "infographic",
        "social",
        "communication",
        datetime.date(2022, 4, 30),
        "2",
    ),
    (
        "city_stories",
        None,
        "bamako",
        "Bamako's story",
        "Show how a city changed",
        "field_visit",
        "story",
        "website",
        "city_team",
        datetime.date(2022, 5, 15),
        "2",
    ),
    (
        "city_stories",
        None,
        "kumasi",
        "Kumasi's story",
        "Show how a city changed",
        "template",
        "story",
        "website",
        "city_team",
        datetime.date(2022, 5, 15),
        "1.5",
    ),
    (
        "city_stories",
        None,
        "matola",
        "Matola's story in Portuguese",
        "Reach lusophone cities",
        "interview",
        "video",
        "social",
        "communication",
        datetime.date(2022, 5, 31),
        "3",
    ),
    (
        "application",
        "land-addressing",
        None,
        "Brief on street addressing",
        "Many cities ask about it",
        "desk",
        "brief",
        "website",
        "expert",
        datetime.date(2022, 6, 15),
        "3",
    ),
    (
        "application",
        "tax-collection",
        "lagos",
        "Podcast on local revenue",
        "Funders want evidence on revenue",
        "interview",
        "podcast",
        "events",
        "expert",
        datetime.date(2022, 6, 30),
        "2.5",
    ),
    (
        "application",
        "waste-cleanliness",
        "kumasi",
        "Toolkit for waste collection pilots",
        "A pilot others can replicate",
        "workshop",
        "toolkit",
        "print",
        "expert",
        datetime.date(2022, 7, 15),
        "5",
    ),
    (
        "application",
        "data",
        None,
        "Infographic on city data inventories",
        "Data is the first step for every theme",
        "template",
        "infographic",
        "social",
        "communication",
        datetime.date(2022, 7, 31),
        "1",
    ),
    (
        "network",
        None,
        None,
        "Knowledge strategy",
        "Decide what to capture and how",
        "desk",
        "brief",
        "website",
        "lead_expert",
        datetime.date(2022, 2, 28),
        "5",
    ),
]


def _indexes(homes, locales) -> dict:
    from .services import _publish_if_changed, _translated

    en = KnowledgeIndexPage.objects.child_of(homes["en"]).first()
    if en is None:
        en = homes["en"].add_child(
            instance=KnowledgeIndexPage(title=INDEX["en"]["title"], slug="knowledge", live=False)
        )
    pages = {"en": _publish_if_changed(en, INDEX["en"])}
    for code, locale in locales.items():
        if code != "en":
            pages[code] = _translated(en, locale, INDEX[code])
    return pages


def _item(data, indexes, locales, cities, themes, phases) -> None:
    from .services import _publish_if_changed

    original = data["original"]
    first = data["text"][original]
    source = KnowledgeItemPage.objects.filter(slug=data["slug"], locale=locales[original]).first()
    created = source is None
    if created:
        source = indexes[original].add_child(
            instance=KnowledgeItemPage(
                title=first["title"],
                slug=data["slug"],
                summary=first["summary"],
                kind=data["kind"],
                area=data["area"],
                live=False,
            )
        )

    def fields(text):
        return {
            "title": text["title"],
            "summary": text["summary"],
            "body": text["body"],
            "kind": data["kind"],
            "area": data["area"],
            "audience": data["audience"],
            "phase": phases.get(data["phase"]),
        }

    def tag(page):
        page.cities = [cities[slug] for slug in data["cities"]]
        page.themes = [themes[slug] for slug in data["themes"]]

    def changes(page, text, new):
        values = fields(text)
        if not new:
            # A stream's stored form never equals the demo's: written once, then left to editors.
            values.pop("body")
        return values

    source = source.specific
    tag(source)
    _publish_if_changed(source, changes(source, first, created))
    for code, text in data["text"].items():
        if code == original:
            continue
        page = source.get_translation_or_none(locales[code])
        new = page is None
        if new:
            page = source.copy_for_translation(locales[code])
        page = page.specific
        tag(page)
        _publish_if_changed(page, changes(page, text, new))
    if created and data.get("revised"):
        source.body = [*first["body"], data["revised"][original]]
        source.save_revision().publish()


def _stories():
    for slug, original, theme_slugs, texts in CITY_STORIES:
        yield {
            "slug": f"story-{slug}",
            "kind": "city_story",
            "area": "city_stories",
            "audience": "public",
            "phase": None,
            "themes": theme_slugs,
            "cities": [slug],
            "original": original,
            "text": {
                code: {"title": title, "summary": summary, "body": [_p(text)]}
                for code, (title, summary, text) in texts.items()
            },
        }


def _capture_candidates(network, cities) -> None:
    """A reflection marked worth sharing and an event with notes, for the capture inbox, when
    the learning journey's own demo has none."""
    from learning.models import Event, Quarter, Reflection

    if not Reflection.objects.filter(share_lesson=True).exists():
        quarter, _ = Quarter.objects.get_or_create(
            network=network,
            name="2021 Q2",
            defaults={"start": datetime.date(2021, 4, 1), "end": datetime.date(2021, 6, 30)},
        )
        Reflection.objects.get_or_create(
            city=cities["bamako"],
            quarter=quarter,
            defaults={
                "tried": "We ran two street-addressing workshops with neighbourhood chiefs.",
                "worked": "Chiefs named the streets themselves, so residents adopted the names.",
                "did_not_work": "Our printed maps were out of date within a month.",
                "next_steps": "Keep the map online and let chiefs report new streets.",
                "lesson": "Let the neighbourhood name its streets: the names then stick.",
                "share_lesson": True,
                "submitted_at": timezone.make_aware(datetime.datetime(2021, 6, 25, 12, 0)),
            },
        )
    if not Event.objects.exclude(notes="").exists():
        start = timezone.make_aware(datetime.datetime(2021, 10, 12, 9, 0))
        Event.objects.get_or_create(
            network=network,
            title="Transnational meeting in Kigali",
            defaults={
                "kind": "transnational_meeting",
                "start": start,
                "end": start + datetime.timedelta(days=2),
                "host_city": cities["kigali"],
                "notes": "Every city came, mayors included. The critical-friend pairs presented "
                "each other's pilots, which made the feedback sharper than in plenary.",
            },
        )


def load(*, network, cities, homes, locales) -> None:
    """Create or update the demo records (idempotent: a second run duplicates nothing)."""
    indexes = _indexes(homes, locales)
    services.knowledge_review_setup(indexes=list(indexes.values()))
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    phases = {phase.kind: phase for phase in Phase.objects.filter(network=network)}
    for data in [EPISODE, ONBOARDING, JOURNEY, FIVE_THINGS, CRITICAL_FRIENDS, *_stories(), *BRIEFS]:
        _item(data, indexes, locales, cities, themes, phases)
    for area, theme, city, what, why, method, fmt, channel, owner, due, days in PLAN:
        services.capture_plan_entry_upsert(
            what=what,
            why=why,
            area=area,
            theme=themes.get(theme) if theme else None,
            city=cities.get(city) if city else None,
            method=method,
            format=fmt,
            channel=channel,
            owner_role=owner,
            due_date=due,
            days=Decimal(days),
        )
    _capture_candidates(network, cities)
