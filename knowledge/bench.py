"""Library search bench: 100,000 items' index rows, 200 queries per language, on SQLite and
PostgreSQL, and whether both engines put the same items in the top 10 of the quality queries.

    make bench            (or: BAOBAB_ENV=test python -m knowledge.bench)

The rows are written straight into the index (knowledge.search.write_entries): measuring the
index query needs no pages. PostgreSQL is measured when BAOBAB_BENCH_POSTGRES_URL names a server
(a scratch database is made on it and dropped) or one answers on 127.0.0.1:5432 as postgres.
Each engine runs in its own process, on a scratch database holding only the index tables.
"""

import itertools
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ITEMS = 100_000
QUERIES_PER_LANGUAGE = 200
CITIES = list(range(1, 25))
THEMES = list(range(1, 9))
KINDS = ["city_story", "case_study", "lesson", "method", "brief", "episode"]
AREAS = ["network", "city", "pilot"]

# The search-quality corpus (knowledge/tests/test_search_quality.py and the bench's cross-engine
# check): items by label, then queries with the items each must find.
CORPUS = {
    "fr-critiques": (
        "fr",
        "Les amis critiques du réseau",
        "Des amis critiques relisent les plans.",
    ),
    "fr-ami": ("fr", "Un ami critique pour Kumasi", "La méthode de l'ami critique au budget."),
    "fr-dechets": (
        "fr",
        "Collecte des déchets à Dakar",
        "Des camions passent selon un calendrier.",
    ),
    "fr-adressage": ("fr", "L'adressage des rues", "Numéroter les maisons des habitants."),
    "fr-eau": ("fr", "Accès à l'eau potable", "Des bornes-fontaines gérées par les quartiers."),
    "fr-energie": ("fr", "Énergie solaire", "Des panneaux solaires installés sur les écoles."),
    "fr-budget": (
        "fr",
        "Budget participatif",
        "Les habitants votent pour les projets du quartier.",
    ),
    "fr-mobilite": ("fr", "Mobilité urbaine", "Des pistes cyclables peintes dans le centre."),
    "fr-marche": ("fr", "Les marchés municipaux", "Réduire les taxes des vendeuses."),
    "fr-donnees": ("fr", "Données ouvertes de la ville", "Publier les données de la mairie."),
    "pt-cidades": ("pt", "Cidades inteligentes", "Sensores para medir o tráfego."),
    "pt-cidade": ("pt", "Uma cidade limpa", "A recolha de lixo em Praia."),
    "pt-gestao": ("pt", "Gestão de resíduos", "As gestões municipais partilham práticas."),
    "pt-agua": ("pt", "Água potável nos bairros", "Fontanários geridos pelos moradores."),
    "pt-mercados": ("pt", "Mercados municipais", "Reduzir as taxas das vendedoras."),
    "pt-escolas": ("pt", "Energia solar", "Painéis solares instalados nas escolas públicas."),
    "pt-orcamento": ("pt", "Orçamento participativo", "Os moradores votam nos projetos."),
    "pt-transporte": ("pt", "Transporte e bicicletas", "Ciclovias pintadas no centro da cidade."),
    "pt-dados": ("pt", "Dados abertos da câmara", "Publicar os dados municipais."),
    "pt-saude": ("pt", "Saúde comunitária", "Agentes de saúde visitam as famílias."),
    "en-city": ("en", "A city that listens", "How one city runs open hearings."),
    "en-cities": ("en", "Cities and their budgets", "Secondary cities share lessons."),
    "en-bicycle": ("en", "Bicycle lanes in the old town", "Painted lanes and what riders said."),
    "en-waste": ("en", "Waste collection routes", "Trucks pass on a public calendar."),
    "en-water": ("en", "Clean water for every district", "Standpipes run by committees."),
    "en-solar": ("en", "Solar power", "Panels installed on public schools."),
    "en-markets": ("en", "Municipal markets", "Lowering fees for traders."),
    "en-data": ("en", "Open data at city hall", "Publishing the council's records online."),
    "en-health": ("en", "Community health workers", "Health workers visit families."),
    "en-friend": (
        "en",
        "Critical friends across the network",
        "Peer reviews by a critical friend.",
    ),
}
QUERIES = [
    ("fr", "critique", {"fr-critiques", "fr-ami"}),
    ("fr", "critiques", {"fr-critiques", "fr-ami"}),
    ("fr", "amis critiques", {"fr-critiques", "fr-ami"}),
    ("fr", "ami critique", {"fr-critiques", "fr-ami"}),
    ("fr", "dechets", {"fr-dechets"}),
    ("fr", "énergie solaire", {"fr-energie"}),
    ("fr", "ecole", {"fr-energie"}),
    ("fr", "marché", {"fr-marche"}),
    ("fr", "donnée", {"fr-donnees"}),
    ("fr", "piste cyclable", {"fr-mobilite"}),
    ("pt", "cidade", {"pt-cidades", "pt-cidade", "pt-transporte"}),
    ("pt", "cidades", {"pt-cidades", "pt-cidade", "pt-transporte"}),
    ("pt", "gestao", {"pt-gestao"}),
    ("pt", "agua", {"pt-agua"}),
    ("pt", "mercado", {"pt-mercados"}),
    ("pt", "escola solar", {"pt-escolas"}),
    ("pt", "orcamento participativo", {"pt-orcamento"}),
    ("pt", "bicicleta", {"pt-transporte"}),
    ("pt", "dado aberto", {"pt-dados"}),
    ("pt", "saude", {"pt-saude"}),
    ("en", "cities", {"en-city", "en-cities", "en-data"}),
    ("en", "city", {"en-city", "en-cities", "en-data"}),
    ("en", "bicycles", {"en-bicycle"}),
    ("en", "lane", {"en-bicycle"}),
    ("en", "waste collecting", {"en-waste"}),
    ("en", "school", {"en-solar"}),
    ("en", "market", {"en-markets"}),
    ("en", "budget", {"en-cities"}),
    ("en", "health worker", {"en-health"}),
    ("en", "critical friend", {"en-friend"}),
]

# Filler words per language, drawn with a Zipf-like weight: common words match many rows.
VOCABULARY = {
    "en": (
        "network peer learning pilot project team mayor council budget plan report lesson method "
        "street road transport housing energy waste water sanitation health school market "
        "finance revenue tax service citizen community district neighbourhood workshop visit "
        "exchange policy strategy programme indicator target result evaluation training "
        "partner donor climate flood drainage lighting safety youth women employment trade "
        "digital platform mapping survey census address registry land permit planning "
        "governance participation dialogue meeting committee office staff cost tender "
        "procurement contract maintenance vehicle route schedule station terminal garden tree"
    ),
    "fr": (
        "réseau apprentissage pilote projet équipe maire conseil budget plan rapport leçon "
        "méthode rue route transport logement énergie déchets eau assainissement santé école "
        "marché finances recette impôt service citoyen communauté quartier atelier visite "
        "échange politique stratégie programme indicateur cible résultat évaluation formation "
        "partenaire bailleur climat inondation drainage éclairage sécurité jeunesse femmes "
        "emploi commerce numérique plateforme cartographie enquête recensement adresse "
        "registre foncier permis urbanisme gouvernance dialogue réunion comité bureau agents "
        "coût appel marchés contrat entretien véhicule itinéraire horaire gare jardin arbre"
    ),
    "pt": (
        "rede aprendizagem piloto projeto equipa presidente conselho orçamento plano relatório "
        "lição método rua estrada transporte habitação energia resíduos água saneamento saúde "
        "escola mercado finanças receita imposto serviço cidadão comunidade bairro oficina "
        "visita intercâmbio política estratégia programa indicador meta resultado avaliação "
        "formação parceiro doador clima cheia drenagem iluminação segurança juventude mulheres "
        "emprego comércio digital plataforma cartografia inquérito recenseamento endereço "
        "registo terreno licença urbanismo governação diálogo reunião comissão gabinete "
        "funcionários custo concurso contrato manutenção veículo itinerário horário estação"
    ),
}


SYLLABLES = "ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro"


def _vocabulary(code: str) -> tuple[list, list]:
    """A language's words in Zipf rank order: 4,000 made-up words stand for the rest of the
    language around the real ones, which sit from rank 20 on (the commonest words are
    stopwords, dropped by both engines). Real words are also what the bench queries."""
    rng = random.Random(code)
    syllables = SYLLABLES.split()
    made_up = list(
        dict.fromkeys(
            "".join(rng.choices(syllables, k=rng.randint(2, 4))) + code for _ in range(5000)
        )
    )[:4000]
    real = VOCABULARY[code].split()
    words = made_up[:20]
    for n, word in enumerate(real):
        words += [word, *made_up[20 + 2 * n : 22 + 2 * n]]
    words += made_up[20 + 2 * len(real) :]
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    chosen = set(real)
    pairs = [(w, 1 / (rank + 1)) for rank, w in enumerate(words) if w in chosen]
    real_weights = list(itertools.accumulate(weight for _w, weight in pairs))
    return words, weights, [w for w, _x in pairs], real_weights


_VOCABULARIES = {}


def _words(code: str, rng: random.Random, count: int, *, real=False) -> str:
    if code not in _VOCABULARIES:
        _VOCABULARIES[code] = _vocabulary(code)
    words, weights, real_words, real_weights = _VOCABULARIES[code]
    if real:
        words, weights = real_words, real_weights
    return " ".join(rng.choices(words, cum_weights=weights, k=count))


def _rows(count: int, seed: int = 7):
    """Index entries and facets of ``count`` generated items, then the quality corpus's,
    identical on every run."""
    from knowledge.models import LibraryEntry

    rng = random.Random(seed)
    codes = ["en", "fr", "pt"]
    entries, facets = [], []
    for pk in range(1, count + 1):
        code = codes[pk % 3]
        kind, area = rng.choice(KINDS), rng.choice(AREAS)
        entries.append(
            LibraryEntry(
                page_id=pk,
                translation_key=uuid.UUID(int=pk),
                language=code,
                path=f"00010001{pk:08d}",
                title=_words(code, rng, rng.randint(3, 7)).capitalize(),
                summary=_words(code, rng, rng.randint(12, 30)),
                body=_words(code, rng, rng.randint(40, 120)),
                kind=kind,
                area=area,
                published=True,
                original=True,
                languages=f"|{code}|",
            )
        )
        cities = rng.sample(CITIES, rng.randint(0, 2))
        themes = rng.sample(THEMES, rng.randint(0, 2))
        entries[-1].cities = "|" + "".join(f"{pk}|" for pk in cities)
        entries[-1].themes = "|" + "".join(f"{pk}|" for pk in themes)
        facets += [(pk, "kind", kind), (pk, "area", area), (pk, "lang", code)]
        facets += [(pk, "city", city) for city in cities]
        facets += [(pk, "theme", theme) for theme in themes]
    labels = {}
    for offset, (label, (code, title, summary)) in enumerate(CORPUS.items()):
        pk = count + 1 + offset
        labels[pk] = label
        entries.append(
            LibraryEntry(
                page_id=pk,
                translation_key=uuid.UUID(int=pk),
                language=code,
                path=f"00010001{pk:08d}",
                title=title,
                summary=summary,
                body=_words(code, rng, 60),
                kind="lesson",
                area="network",
                published=True,
                original=True,
                languages=f"|{code}|",
            )
        )
        facets += [(pk, "kind", "lesson"), (pk, "area", "network"), (pk, "lang", code)]
    return entries, facets, labels


def _queries(code: str, rng: random.Random, mix: str) -> list:
    """1 to 3 real words, a third of them with a filter (theme, city, kind or language). The
    "frequent" mix draws words as often as the text holds them (a word of rank 20 is in 4 items
    out of 10 of its language), "any" draws every real word alike."""
    queries = []
    real = VOCABULARY[code].split()
    for n in range(QUERIES_PER_LANGUAGE):
        size = rng.choice([1, 1, 2, 2, 3])
        if mix == "frequent":
            words = _words(code, rng, size, real=True)
        else:
            words = " ".join(rng.choices(real, k=size))
        filters = {}
        if n % 3 == 1:
            filters = rng.choice(
                [
                    {"theme_id": rng.choice(THEMES)},
                    {"city_id": rng.choice(CITIES)},
                    {"kind": rng.choice(KINDS)},
                    {"lang": code},
                ]
            )
        queries.append((words, filters))
    return queries


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_engine(items: int) -> dict:
    """In a process whose DATABASE_URL names a scratch database: build, fill, measure."""
    import django

    django.setup()
    from django.db import connection

    from knowledge import search
    from knowledge.models import LibraryEntry, LibraryFacet

    with connection.schema_editor() as editor:
        editor.create_model(LibraryEntry)
        editor.create_model(LibraryFacet)
    search.create_engine_tables(connection)
    started = time.perf_counter()
    entries, facets, labels = _rows(items)
    write_started = time.perf_counter()
    for start in range(0, len(entries), 10_000):
        chunk = entries[start : start + 10_000]
        ids = {entry.page_id for entry in chunk}
        search.write_entries(chunk, [row for row in facets if row[0] in ids])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter()
    rng = random.Random(11)
    timings = {}
    for code, mix in itertools.product(("en", "fr", "pt"), ("frequent", "any")):
        durations = []
        for words, filters in _queries(code, rng, mix):
            began = time.perf_counter()
            results = search.Results(
                search.Search(query=words, language=code, roots=["0001"], **filters)
            )
            results.facets()
            results.ids(limit=20)
            durations.append((time.perf_counter() - began) * 1000)
        timings[f"{code} {mix}"] = {
            "p50": _percentile(durations, 0.5),
            "p95": _percentile(durations, 0.95),
            "max": max(durations),
        }
    top = {}
    for code, query, _expected in QUERIES:
        results = search.Results(search.Search(query=query, language=code, roots=["0001"]))
        top[f"{code}:{query}"] = [labels.get(pk, pk) for pk in results.ids(limit=10)]
    return {
        "vendor": connection.vendor,
        "generate_s": write_started - started,
        "write_s": built - write_started,
        "timings": timings,
        "top": top,
    }


def _postgres_url() -> str:
    url = os.environ.get("BAOBAB_BENCH_POSTGRES_URL", "")
    if url:
        return url
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return ""
    return "postgres://postgres@127.0.0.1:5432/postgres"


def _in_process(database_url: str, items: int) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "BAOBAB_ENV": "test"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "baobab.settings")
    code = f"import json, knowledge.bench as b; print(json.dumps(b.run_engine({items})))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _scratch_postgres(url: str):
    """A database made for the bench on the server ``url`` names, and a way to drop it."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    name = f"baobab_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return f"{base}/{name}", drop


def main(items: int = ITEMS) -> int:
    print(f"Library search bench: {items:,} items, {QUERIES_PER_LANGUAGE} queries per language")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        results["sqlite"] = _in_process(f"sqlite:///{Path(scratch) / 'bench.sqlite3'}", items)
    url = _postgres_url()
    if url:
        database, drop = _scratch_postgres(url)
        try:
            results["postgresql"] = _in_process(database, items)
        finally:
            drop()
    else:
        print("PostgreSQL: none reachable (set BAOBAB_BENCH_POSTGRES_URL)")
    for engine, result in results.items():
        print(
            f"\n{engine}: rows generated in {result['generate_s']:.1f} s, "
            f"written in {result['write_s']:.1f} s"
        )
        print(f"{'queries':<14}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        for name, timing in result["timings"].items():
            print(f"{name:<14}{timing['p50']:>10.1f}{timing['p95']:>10.1f}{timing['max']:>10.1f}")
    failed = 0
    if len(results) == 2:
        # Both engines must agree on which wanted items make the top 10; the other places go
        # to generated items ranked by bm25 on one side and ts_rank on the other.
        same = agreed = overlap = 0
        for code, query, expected in QUERIES:
            key = f"{code}:{query}"
            top, other = results["sqlite"]["top"][key], results["postgresql"]["top"][key]
            same += set(top) == set(other)
            overlap += len(set(top) & set(other))
            if expected & set(top) == expected & set(other):
                agreed += 1
            else:
                print(f"wanted items differ for {key}: sqlite {top} / postgresql {other}")
        print(
            f"\nquality queries whose wanted items are in both engines' top 10 alike: "
            f"{agreed}/{len(QUERIES)}; identical top 10: {same}/{len(QUERIES)}; "
            f"items shared by the two top 10s: {overlap / len(QUERIES):.1f} of 10 on average"
        )
        failed = agreed != len(QUERIES)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return failed


if __name__ == "__main__":
    sys.exit(main(int(os.environ.get("BAOBAB_BENCH_ITEMS", ITEMS))))
