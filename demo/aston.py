"""The ASToN demo data set: the first cycle of the African Smart Towns Network (2019-2022).

Facts (cities, countries, coordinates, rounded populations, languages, dates) are public; the
texts are Baobab's own, written for the demo.
"""

import datetime

from django.utils.translation import gettext_noop

from network.auth import DEMO_PASSWORD as DEMO_PASSWORD

NETWORK = {
    "slug": "aston",
    "name": "ASToN – African Smart Towns Network",
    "cycle_start": datetime.date(2019, 9, 1),
    "cycle_end": datetime.date(2022, 6, 30),
    "languages": ["fr", "en"],
    "description": (
        "Eleven African cities learning together how digital tools can serve their citizens, "
        "funded by AFD, run by ANRU with URBACT methods."
    ),
}

# Cities were selected in January 2019 and activities began in September 2019: the 8-month gap
# the network later warned others about.
SELECTION_DATE = datetime.date(2019, 1, 15)
JOIN_DATE = datetime.date(2019, 9, 1)
POPULATION_YEAR = 2020

HOME = {
    "en": {
        "title": "ASToN",
        "intro": (
            "<p>Eleven African cities, more than 30 million people, one question: how can digital "
            "tools make a city work better for the people who live in it? Here the cities share "
            "how they explored, planned, experimented, and what they learned on the way.</p>"
        ),
    },
    "fr": {
        "title": "ASToN",
        "intro": (
            "<p>Onze villes africaines, plus de 30 millions d’habitants, une question : comment "
            "le numérique peut-il rendre une ville plus utile à celles et ceux qui y vivent ? Les "
            "villes racontent ici comment elles ont exploré, planifié, expérimenté, et ce "
            "qu’elles ont appris en chemin.</p>"
        ),
    },
    "pt": {
        "title": "ASToN",
        "intro": (
            "<p>Onze cidades africanas, mais de 30 milhões de habitantes, uma pergunta: como "
            "podem as ferramentas digitais tornar uma cidade melhor para quem nela vive? Aqui as "
            "cidades partilham como exploraram, planearam, experimentaram e o que aprenderam.</p>"
        ),
    },
}

CITY_INDEX = {
    "en": {
        "title": "Cities",
        "intro": "<p>The member cities of the network, where they stand and who they are.</p>",
    },
    "fr": {
        "title": "Villes",
        "intro": "<p>Les villes membres du réseau, où elles en sont et qui elles sont.</p>",
    },
    "pt": {
        "title": "Cidades",
        "intro": "<p>As cidades membros da rede, onde estão e quem são.</p>",
    },
}

# name, slug, country, lat, lon, population, languages, time zone, profile text per language
CITIES = [
    {
        "name": "Bamako",
        "slug": "bamako",
        "country": "ML",
        "latitude": "12.64",
        "longitude": "-8.00",
        "population": 2_800_000,
        "languages": ["fr", "bm"],
        "timezone": "Africa/Bamako",
        "text": {
            "en": "Mali's capital on the Niger river, growing fast and looking for digital "
            "services that keep pace with its neighbourhoods.",
            "fr": "La capitale du Mali, sur le fleuve Niger, grandit vite et cherche des services "
            "numériques qui suivent le rythme de ses quartiers.",
            "pt": "A capital do Mali, junto ao rio Níger, cresce depressa e procura serviços "
            "digitais que acompanhem os seus bairros.",
        },
    },
    {
        "name": "Benguerir",
        "slug": "benguerir",
        "country": "MA",
        "latitude": "32.24",
        "longitude": "-7.95",
        "population": 90_000,
        "languages": ["ar", "fr"],
        "timezone": "Africa/Casablanca",
        "text": {
            "en": "A young university town in central Morocco, small in size and keen to test "
            "ideas with its students and researchers.",
            "fr": "Une jeune ville universitaire du centre du Maroc, petite par la taille et "
            "prête à tester des idées avec ses étudiants et chercheurs.",
            "pt": "Uma jovem cidade universitária no centro de Marrocos, pequena e disposta a "
            "testar ideias com os seus estudantes e investigadores.",
        },
    },
    {
        "name": "Bizerte",
        "slug": "bizerte",
        "country": "TN",
        "latitude": "37.27",
        "longitude": "9.87",
        "population": 140_000,
        "languages": ["ar", "fr"],
        "timezone": "Africa/Tunis",
        "text": {
            "en": "A port city at the northern tip of Tunisia, working on how residents reach "
            "their municipality and follow its decisions.",
            "fr": "Une ville portuaire à la pointe nord de la Tunisie, qui travaille sur la "
            "manière dont les habitants joignent leur commune et suivent ses décisions.",
            "pt": "Uma cidade portuária no extremo norte da Tunísia, que trabalha na forma como "
            "os moradores chegam ao município e acompanham as suas decisões.",
        },
    },
    {
        "name": "Kampala",
        "slug": "kampala",
        "country": "UG",
        "latitude": "0.35",
        "longitude": "32.58",
        "population": 1_700_000,
        "languages": ["en"],
        "timezone": "Africa/Kampala",
        "text": {
            "en": "Uganda's capital, with a city authority that already publishes data and wants "
            "it used for everyday decisions.",
            "fr": "La capitale de l'Ouganda, dont l'autorité municipale publie déjà des données "
            "et veut qu'elles servent aux décisions du quotidien.",
            "pt": "A capital do Uganda, cuja autoridade municipal já publica dados e quer que "
            "sirvam as decisões do dia a dia.",
        },
    },
    {
        "name": "Kigali",
        "slug": "kigali",
        "country": "RW",
        "latitude": "-1.95",
        "longitude": "30.06",
        "population": 1_750_000,
        "languages": ["rw", "en", "fr"],
        "timezone": "Africa/Kigali",
        "text": {
            "en": "Rwanda's capital, known for its ambitions as a connected city, asking how "
            "those tools reach every resident.",
            "fr": "La capitale du Rwanda, connue pour ses ambitions de ville connectée, se demande "
            "comment ces outils atteignent chaque habitant.",
            "pt": "A capital do Ruanda, conhecida pela ambição de cidade conectada, pergunta como "
            "essas ferramentas chegam a cada morador.",
        },
    },
    {
        "name": "Kumasi",
        "slug": "kumasi",
        "country": "GH",
        "latitude": "6.69",
        "longitude": "-1.62",
        "population": 3_300_000,
        "languages": ["en"],
        "timezone": "Africa/Accra",
        "text": {
            "en": "Ghana's second city and a great market hub, where collecting local revenue "
            "fairly is a daily challenge.",
            "fr": "Deuxième ville du Ghana et grand carrefour commercial, où collecter "
            "équitablement les recettes locales est un défi quotidien.",
            "pt": "A segunda cidade do Gana e um grande centro comercial, onde cobrar as receitas "
            "locais com justiça é um desafio diário.",
        },
    },
    {
        "name": "Lagos",
        "slug": "lagos",
        "country": "NG",
        "latitude": "6.52",
        "longitude": "3.38",
        "population": 16_000_000,
        "languages": ["en"],
        "timezone": "Africa/Lagos",
        "text": {
            "en": "The largest metropolis of the network, where moving around the city is the "
            "question everybody asks first.",
            "fr": "La plus grande métropole du réseau, où se déplacer dans la ville est la "
            "première question que tout le monde pose.",
            "pt": "A maior metrópole da rede, onde deslocar-se na cidade é a primeira pergunta "
            "que todos fazem.",
        },
    },
    {
        "name": "Matola",
        "slug": "matola",
        "country": "MZ",
        "latitude": "-25.96",
        "longitude": "32.46",
        "population": 1_030_000,
        "languages": ["pt"],
        "timezone": "Africa/Maputo",
        "text": {
            "en": "An industrial city next to Maputo, the network's Portuguese-speaking member, "
            "working on land records and addresses.",
            "fr": "Une ville industrielle voisine de Maputo, membre lusophone du réseau, qui "
            "travaille sur le foncier et l'adressage.",
            "pt": "Uma cidade industrial vizinha de Maputo, o membro lusófono da rede, que "
            "trabalha no cadastro de terrenos e no endereçamento.",
        },
    },
    {
        "name": "Niamey",
        "slug": "niamey",
        "country": "NE",
        "latitude": "13.51",
        "longitude": "2.11",
        "population": 1_300_000,
        "languages": ["fr"],
        "timezone": "Africa/Niamey",
        "text": {
            "en": "Niger's capital on the Niger river, looking at how digital tools can help keep "
            "the city clean and its services known.",
            "fr": "La capitale du Niger, au bord du fleuve, cherche comment le numérique peut "
            "aider à garder la ville propre et à faire connaître ses services.",
            "pt": "A capital do Níger, junto ao rio, procura como o digital pode ajudar a manter "
            "a cidade limpa e os seus serviços conhecidos.",
        },
    },
    {
        "name": "Nouakchott",
        "slug": "nouakchott",
        "country": "MR",
        "latitude": "18.08",
        "longitude": "-15.98",
        "population": 1_300_000,
        "languages": ["ar", "fr"],
        "timezone": "Africa/Nouakchott",
        "text": {
            "en": "Mauritania's capital on the Atlantic coast, a young city that grew quickly and "
            "now maps its streets and services.",
            "fr": "La capitale de la Mauritanie, sur la côte atlantique, ville jeune qui a grandi "
            "vite et cartographie aujourd'hui ses rues et ses services.",
            "pt": "A capital da Mauritânia, na costa atlântica, uma cidade jovem que cresceu "
            "depressa e hoje cartografa as suas ruas e serviços.",
        },
    },
    {
        "name": "Sèmè-Podji",
        "slug": "seme-podji",
        "country": "BJ",
        "latitude": "6.37",
        "longitude": "2.60",
        "population": 225_000,
        "languages": ["fr"],
        "timezone": "Africa/Porto-Novo",
        "text": {
            "en": "A coastal commune between Cotonou and Porto-Novo, the smallest partner in "
            "staff, with a big appetite for citizen participation.",
            "fr": "Une commune côtière entre Cotonou et Porto-Novo, la plus petite équipe du "
            "réseau, avec un grand appétit pour la participation citoyenne.",
            "pt": "Uma comuna costeira entre Cotonou e Porto-Novo, a equipa mais pequena da rede, "
            "com grande vontade de participação cidadã.",
        },
    },
]

# People of the demo are invented; only those who consented are listed publicly.
PEOPLE = [
    {
        "name": "Claire Mensah",
        "username": "secretariat",
        "email": "secretariat@aston.example",
        "role": "secretariat",
        "organisation": "ASToN secretariat",
        "city": None,
        "languages": ["fr", "en"],
        "consent_to_be_listed": True,
    },
    {
        "name": "Awa Koné",
        "username": "bamako",
        "email": "bamako@aston.example",
        "role": "coordinator",
        "organisation": "District de Bamako",
        "city": "bamako",
        "languages": ["fr", "bm"],
        "consent_to_be_listed": True,
    },
    {
        "name": "Tunde Adeyemi",
        "username": "lagos",
        "email": "lagos@aston.example",
        "role": "coordinator",
        "organisation": "Lagos State Government",
        "city": "lagos",
        "languages": ["en"],
        "consent_to_be_listed": False,
    },
    {
        "name": "Jean Dupuis",
        "username": "expert",
        "email": "expert@aston.example",
        "role": "lead_expert",
        "organisation": "URBACT expert pool",
        "city": None,
        "languages": ["fr", "en"],
        "consent_to_be_listed": True,
    },
]

ADMIN_USERNAME = "secretariat"
# One account per role, all with DEMO_PASSWORD, which production refuses at login.

PROGRAMME_PAGE = {
    "en": {
        "title": "Programme",
        "intro": "<p>Three overlapping phases took the cities from a first look at their "
        "situation to tested pilots. Here is where each city stands.</p>",
    },
    "fr": {
        "title": "Programme",
        "intro": "<p>Trois phases qui se chevauchent ont mené les villes d’un premier état des "
        "lieux à des projets pilotes testés. Voici où en est chaque ville.</p>",
    },
    "pt": {
        "title": "Programa",
        "intro": "<p>Três fases sobrepostas levaram as cidades de um primeiro diagnóstico a "
        "projetos-piloto testados. Eis onde está cada cidade.</p>",
    },
}

# Onboarding template: (title, expected days after the previous step, paperwork, makes public)
ONBOARDING_STEPS = [
    (gettext_noop("First contact and confirmation"), 14, False, False),
    (gettext_noop("Agreement signed"), 60, True, False),
    (gettext_noop("First bank transfer received"), 45, True, False),
    (gettext_noop("Membership made public"), 14, False, True),
    (gettext_noop("Inaugural event attended"), 60, False, False),
    (gettext_noop("Secretariat visit to the city"), 75, False, False),
]
# Activities began on 1 September 2019, when the membership of all cities was announced.
ANNOUNCED_ON = datetime.date(2019, 9, 2)
INAUGURAL_EVENT = datetime.date(2019, 10, 24)
# Nouakchott's paperwork took far longer than the others'; Bamako's visit is still to be done.
SLOW_PAPERWORK = {"nouakchott": 130}
OPEN_STEPS = {"bamako": "Secretariat visit to the city"}

PHASES = [
    {
        "kind": "explore",
        "name": "Explore",
        "start": datetime.date(2019, 9, 1),
        "end": datetime.date(2020, 6, 30),
        "outcome": gettext_noop(
            "A baseline study of the city's situation and a vision: what it wants to "
            "learn and how far it can go."
        ),
        "deliverables": ["baseline", "vision"],
    },
    {
        "kind": "engage",
        "name": "Engage",
        "start": datetime.date(2020, 7, 1),
        "end": datetime.date(2022, 3, 31),
        "outcome": gettext_noop(
            "A clear vision, a local action plan to reach it and a group of local "
            "stakeholders to carry it."
        ),
        "deliverables": ["action_plan", "stakeholder_group"],
    },
    {
        "kind": "experiment",
        "name": "Experiment",
        "start": datetime.date(2021, 4, 1),
        "end": datetime.date(2021, 12, 31),
        "outcome": gettext_noop(
            "Pilot projects run and evaluated: what works, what does not, what can be "
            "funded and when."
        ),
        "deliverables": ["pilots"],
    },
]
# Approval bodies, named in the records and translated where they are shown.
LEAD_EXPERT_REVIEW = gettext_noop("Lead expert review")
CITY_COUNCIL = gettext_noop("City council")
# Ten cities wrote a local action plan; eight were validated by their city council.
NO_ACTION_PLAN = {"benguerir"}
ACTION_PLAN_SUBMITTED = {"bizerte", "seme-podji"}
STAKEHOLDERS = [
    ("Digital services lead", "City administration"),
    ("Urban planning officer", "City administration"),
    ("Researcher", "Local university"),
    ("Coordinator", "Residents' associations"),
]

# The application areas of digital transformation (DESIGN.md): names in English, translated
# through the interface catalogues.
THEMES = [
    ("mobility", gettext_noop("Mobility and transport"), "thematic"),
    ("land-addressing", gettext_noop("Land management and street addressing"), "thematic"),
    ("tax-collection", gettext_noop("Tax collection"), "thematic"),
    ("citizen-participation", gettext_noop("Citizen participation"), "thematic"),
    ("waste-cleanliness", gettext_noop("Waste management and cleanliness"), "thematic"),
    ("data", gettext_noop("Data"), "cross_cutting"),
    ("policy-making", gettext_noop("Innovative policy-making"), "cross_cutting"),
    ("service-design", gettext_noop("Service design"), "cross_cutting"),
]
