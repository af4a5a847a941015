"""The library's own search: an index of knowledge items queried directly, on SQLite and
PostgreSQL, that stems the words of each language and folds their accents.

Every version of an item has a row in ``LibraryEntry`` (its words, tags and whether readers see
it) and one ``LibraryFacet`` row per value it is filtered and counted by. SQLite reads the
stemmed words from an FTS5 table ranked with bm25, PostgreSQL from a generated tsvector column
(per-language text search configurations) ranked with ts_rank. Both read text already
lower-cased, accent-folded and with French and Portuguese plurals trimmed by ``normalise``, so the
two engines agree on what a word is. Rows follow the pages through signals (publish, unpublish,
delete, move, view restrictions); ``rebuild_library_index`` writes them all again.
"""

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count

from .models import KnowledgeItemPage, LibraryEntry, LibraryFacet

STEMMERS = {"en": "english", "fr": "french", "pt": "portuguese"}
# PostgreSQL's text search configurations, one per language.
CONFIGS = {"en": "english", "fr": "french", "pt": "portuguese"}
FTS_TABLE = "knowledge_library_fts"
ENTRY_TABLE = LibraryEntry._meta.db_table
FACET_TABLE = LibraryFacet._meta.db_table
# bm25 weights of the title, summary and body columns (ts_rank's A, B and D weights).
BM25 = "bm25(knowledge_library_fts, 10.0, 4.0, 1.0)"
# Hits listed and counted, as many as the Wagtail backend's path keeps.
HITS = 500
# Matches ranked, the newest first: a word found in tens of thousands of items would otherwise
# have every one of them scored. Past this many, the best hits are those of the newest matches.
CANDIDATES = 1000
WORD = re.compile(r"\w+", re.UNICODE)
# Words too common to search by; PostgreSQL's configurations drop theirs, SQLite drops these at
# query time so that "the" or "de" does not read the whole index.
_STOPWORDS = {
    "en": "a an and are as at be but by for from has have in is it its of on or our that the "
    "their them they this to was we were what when which who will with",
    "fr": "a au aux avec ce ces dans de des du elle en est et il ils la le les leur leurs mais ne "
    "nos notre nous ou par pas pour qu que qui sa se ses son sont sur un une vos votre vous",
    "pt": "a ao aos as com da das de do dos e em ela ele eles entre foi mais na nas no nos o os ou "
    "para pela pelo por que se sem seu sua suas seus um uma",
}
STOPWORDS = {code: frozenset(words.split(" ")) for code, words in _STOPWORDS.items()}
# Portuguese plurals the stemmer leaves apart from their singular: "gestões" and "gestão".
PT_PLURALS = (("ões", "ão"), ("ães", "ão"), ("ãos", "ão"))


def create_engine_tables(connection) -> None:
    """What the migration adds beyond Django's tables, for the bench's scratch databases."""
    from importlib import import_module

    migration = import_module("knowledge.migrations.0002_library_search_index")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(migration.CREATE_SQLITE)
        elif connection.vendor == "postgresql":
            for sql in migration.CREATE_POSTGRESQL:
                cursor.execute(sql)


# Words -------------------------------------------------------------------------------------------

_stemmers: dict = {}
# Snowball stemmers keep state while they stem: one thread at a time.
_lock = threading.Lock()


def _stemmer(code: str):
    if code not in _stemmers:
        _stemmers[code] = snowballstemmer.stemmer(STEMMERS.get(code, "english"))
    return _stemmers[code]


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=200_000)
def normalise_word(word: str, code: str) -> str:
    """A word as both engines index it: lower-cased, accents folded, French and Portuguese
    plurals trimmed (Snowball keeps "amis" apart from "ami")."""
    word = word.lower()
    if code == "pt":
        for plural, singular in PT_PLURALS:
            if word.endswith(plural):
                word = word[: -len(plural)] + singular
                break
    word = fold(word)
    if (
        code in ("fr", "pt")
        and len(word) > 3
        and word.endswith("s")
        and not word.endswith("ss")
        and word not in STOPWORDS[code]
    ):
        word = word[:-1]
    return word


def normalise(text: str, code: str) -> str:
    return " ".join(normalise_word(word, code) for word in WORD.findall(text or ""))


@functools.lru_cache(maxsize=200_000)
def stem_word(normalised: str, code: str) -> str:
    # Cached: Snowball in Python is slow, and a language's words repeat.
    with _lock:
        return _stemmer(code).stemWord(normalised)


def stem(normalised: str, code: str) -> str:
    return " ".join(stem_word(word, code) for word in normalised.split())


def query_stems(query: str, code: str) -> set[str]:
    return {
        stem_word(normalise_word(word, code), code)
        for word in WORD.findall(query)
        if word.lower() not in STOPWORDS.get(code, ())
    }


def matched_words(text: str, query: str, code: str) -> str:
    """The query's words and the words of ``text`` that share their stem, for highlighting:
    "city" marks "cities", "amis" marks "ami"."""
    stems = query_stems(query, code)
    found = dict.fromkeys(WORD.findall(query))
    for word in WORD.findall(text or ""):
        if stem_word(normalise_word(word, code), code) in stems:
            found[word] = None
    return " ".join(found)


# Writing the index -------------------------------------------------------------------------------


def _body_text(page) -> str:
    field_ = KnowledgeItemPage._meta.get_field("body")
    return " ".join(str(part) for part in field_.get_searchable_content(page.body))


def write_entries(entries: list[LibraryEntry], facets: list[tuple], *, using=DEFAULT_DB_ALIAS):
    """Insert entries (their text not yet normalised) and their facets, (entry id, facet,
    value) tuples. The bench writes its rows through here too."""
    for entry in entries:
        code = entry.language
        entry.title = normalise(entry.title, code)
        entry.summary = normalise(entry.summary, code)
        entry.body = normalise(entry.body, code)
    with transaction.atomic(using=using):
        _write(entries, facets, using)


def _write(entries, facets, using) -> None:
    LibraryEntry.objects.using(using).bulk_create(entries, batch_size=2000)
    LibraryFacet.objects.using(using).bulk_create(
        [LibraryFacet(entry_id=pk, facet=name, value=str(value)) for pk, name, value in facets],
        batch_size=5000,
    )
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                [
                    (
                        entry.page_id,
                        stem(entry.title, entry.language),
                        stem(entry.summary, entry.language),
                        stem(entry.body, entry.language),
                    )
                    for entry in entries
                ],
            )


def delete_entries(*, page_ids=None, translation_keys=None, using=DEFAULT_DB_ALIAS) -> None:
    entries = LibraryEntry.objects.using(using)
    if page_ids is not None:
        entries = entries.filter(pk__in=list(page_ids))
    if translation_keys is not None:
        entries = entries.filter(translation_key__in=list(translation_keys))
    ids = list(entries.values_list("pk", flat=True))
    if not ids:
        return
    LibraryFacet.objects.using(using).filter(entry_id__in=ids).delete()
    LibraryEntry.objects.using(using).filter(pk__in=ids).delete()
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids
            )


@transaction.atomic
def index_items(translation_keys) -> int:
    """Write again the rows of every version of these items: one published version changes
    which version another language's readers see."""
    keys = set(translation_keys)
    delete_entries(translation_keys=keys)
    # Deleted pages leave their translation keys behind; their rows are gone with them.
    pages = list(
        KnowledgeItemPage.objects.filter(translation_key__in=keys)
        .select_related("locale")
        .prefetch_related("cities", "themes")
        .order_by("pk")
    )
    if not pages:
        return 0
    public = set(
        KnowledgeItemPage.objects.filter(translation_key__in=keys)
        .live()
        .public()
        .values_list("pk", flat=True)
    )
    groups: dict = {}
    for page in pages:
        if page.pk in public:
            groups.setdefault(page.translation_key, []).append(page)
    entries, facets = [], []
    for page in pages:
        shown = groups.get(page.translation_key, [])
        codes = sorted({version.locale.language_code for version in shown})
        entries.append(
            LibraryEntry(
                page_id=page.pk,
                translation_key=page.translation_key,
                language=page.locale.language_code,
                path=page.path,
                title=page.title,
                summary=page.summary,
                body=_body_text(page),
                kind=page.kind,
                area=page.area,
                first_published_at=page.first_published_at,
                published=page.pk in public,
                original=bool(shown) and shown[0].pk == page.pk,
                languages="|" + "|".join(codes) + "|",
                cities=_ids(page.cities.all()),
                themes=_ids(page.themes.all()),
            )
        )
        facets += [(page.pk, "kind", page.kind), (page.pk, "area", page.area)]
        facets += [(page.pk, "city", city.pk) for city in page.cities.all()]
        facets += [(page.pk, "theme", theme.pk) for theme in page.themes.all()]
        facets += [(page.pk, "lang", code) for code in codes]
    write_entries(entries, facets)
    return len(entries)


def _ids(records) -> str:
    return "|" + "".join(f"{record.pk}|" for record in records)


def rebuild(*, chunk=500) -> int:
    """Every item's rows written again, from the pages."""
    delete_all()
    keys = list(
        KnowledgeItemPage.objects.order_by("translation_key")
        .values_list("translation_key", flat=True)
        .distinct()
    )
    return sum(index_items(keys[start : start + chunk]) for start in range(0, len(keys), chunk))


def delete_all(*, using=DEFAULT_DB_ALIAS) -> None:
    LibraryFacet.objects.using(using).all().delete()
    LibraryEntry.objects.using(using).all().delete()
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")


# Reading the index -------------------------------------------------------------------------------


@dataclass
class Search:
    """A query and the library's filters; ``roots`` are the tree paths of the libraries."""

    query: str
    language: str
    roots: list[str]
    kind: str = ""
    area: str = ""
    theme_id: int | None = None
    city_id: int | None = None
    lang: str = ""
    hidden_city_ids: list[int] = field(default_factory=list)
    using: str = DEFAULT_DB_ALIAS


class Results:
    """The best ``HITS`` hits, as the paginator reads them, and their facet counts.

    One statement answers both: the newest ``CANDIDATES`` matches that pass the filters are
    ranked (the reader's language first, then bm25 or ts_rank), the best kept in a materialised
    CTE, read once for the ids and once, grouped, for the counts.
    """

    def __init__(self, search: Search):
        self.search = search
        self.connection = connections[search.using]
        self._ids = None
        self._facets = None

    def _run(self) -> None:
        self._ids, self._facets = [], {}
        match = _match(self.search, self.connection)
        if match is None:
            return
        sql, params = match
        if self.connection.vendor == "sqlite":
            # bm25 is only known inside the FTS query: computed there, for candidates alone.
            candidates = (
                f"SELECT e.page_id AS id, e.language AS language, {BM25} AS score {sql} "
                f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT {CANDIDATES}"
            )
            score = "c.score"
        else:
            candidates = (
                f"SELECT e.page_id AS id, e.language AS language, e.search_vector AS vector, "
                f"s.q AS q {sql} ORDER BY e.page_id DESC LIMIT {CANDIDATES}"
            )
            # Normalised by the log of the length, as bm25 weighs long texts down.
            score = "-ts_rank(c.vector, c.q, 1)"
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"WITH hits AS MATERIALIZED (SELECT c.id AS id, "
                f"CASE WHEN c.language = %s THEN 0 ELSE 1 END AS other, {score} AS score "
                f"FROM ({candidates}) c ORDER BY other, score, c.id LIMIT {HITS}) "
                "SELECT '', CAST(id AS TEXT), other, score FROM hits UNION ALL "
                # CROSS JOIN: SQLite then reads the hits first, never the whole facet table.
                f"SELECT f.facet, f.value, COUNT(*), 0 FROM hits CROSS JOIN {FACET_TABLE} f "
                "WHERE f.entry_id = hits.id GROUP BY f.facet, f.value",
                [self.search.language, *params],
            )
            hits = []
            for name, value, number, rank in cursor.fetchall():
                if name:
                    self._facets.setdefault(name, {})[value] = number
                else:
                    hits.append((number, rank, int(value)))
        self._ids = [pk for _other, _rank, pk in sorted(hits)]

    def __len__(self):
        return self.count()

    def count(self) -> int:
        if self._ids is None:
            self._run()
        return len(self._ids)

    def facets(self) -> dict:
        """{facet: {value: number of items}} over the hits."""
        if self._facets is None:
            self._run()
        return self._facets

    def ids(self, offset=0, limit=20) -> list[int]:
        if self._ids is None:
            self._run()
        return self._ids[offset : offset + limit]

    def __getitem__(self, key):
        if self._ids is None:
            self._run()
        return self._ids[key]


def _match(search: Search, connection):
    """The FROM and WHERE of the hits, with their parameters; None when no word is left."""
    if connection.vendor == "sqlite":
        stems = set()
        for code in STEMMERS:
            stems |= query_stems(search.query, code)
        stems.discard("")
        if not stems:
            return None
        sql = (
            f"FROM {FTS_TABLE} JOIN {ENTRY_TABLE} e ON e.page_id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s"
        )
        params = [" OR ".join(f'"{word}"' for word in sorted(stems))]
    else:
        pairs = sorted(
            {
                (CONFIGS[code], normalise_word(word, code))
                for code in CONFIGS
                for word in WORD.findall(search.query)
                if word.lower() not in STOPWORDS[code]
            }
        )
        if not pairs:
            return None
        tsquery = " || ".join(f"plainto_tsquery('{config}', %s)" for config, _word in pairs)
        sql = f"FROM {ENTRY_TABLE} e, (SELECT ({tsquery}) AS q) s WHERE e.search_vector @@ s.q"
        params = [word for _config, word in pairs]
    where, where_params = _filters(search)
    return f"{sql} AND {where}", params + where_params


def _filters(search: Search):
    clauses = [
        "e.published",
        # One version per item: the reader's, else the original when the reader's is missing.
        "(e.language = %s OR (e.original AND e.languages NOT LIKE %s))",
    ]
    params = [search.language, f"%|{search.language}|%"]
    if search.roots:
        clauses.append("(" + " OR ".join(["e.path LIKE %s"] * len(search.roots)) + ")")
        params += [root + "%" for root in search.roots]
    if search.kind:
        clauses.append("e.kind = %s")
        params.append(search.kind)
    if search.area:
        clauses.append("e.area = %s")
        params.append(search.area)
    if search.lang:
        clauses.append("e.languages LIKE %s")
        params.append(f"%|{search.lang}|%")
    for column, value in (("themes", search.theme_id), ("cities", search.city_id)):
        if value is not None:
            clauses.append(f"e.{column} LIKE %s")
            params.append(f"%|{value}|%")
    for pk in search.hidden_city_ids:
        clauses.append("e.cities NOT LIKE %s")
        params.append(f"%|{pk}|%")
    return " AND ".join(clauses), params


def facet_counts(page_ids) -> dict:
    """{facet: {value: number}} over the given entries, in one grouped query."""
    counts: dict = {}
    rows = (
        LibraryFacet.objects.filter(entry_id__in=list(page_ids))
        .values_list("facet", "value")
        .order_by()
    )
    for name, value, number in rows.annotate(number=Count("id")).values_list(
        "facet", "value", "number"
    ):
        counts.setdefault(name, {})[value] = number
    return counts


# Following the pages -----------------------------------------------------------------------------


def _reindex_page(page) -> None:
    if isinstance(page, KnowledgeItemPage):
        index_items([page.translation_key])


def _on_published(sender, instance, **kwargs):
    _reindex_page(instance.specific)


def _on_deleted(sender, instance, **kwargs):
    index_items([instance.translation_key])
    delete_entries(page_ids=[instance.pk])


def _reindex_under(page) -> None:
    keys = KnowledgeItemPage.objects.filter(path__startswith=page.path).values_list(
        "translation_key", flat=True
    )
    keys = set(keys)
    if keys:
        index_items(keys)


def _on_restriction(sender, instance, raw=False, **kwargs):
    from wagtail.models import Page

    # A restriction deleted with its page leaves nothing to index again.
    page = Page.objects.filter(pk=instance.page_id).first()
    if not raw and page is not None:
        _reindex_under(page)


def _on_moved(sender, instance, **kwargs):
    _reindex_under(instance)


def _after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # A database migrated to the index has items and no rows yet: build them once.
    entries = LibraryEntry.objects.using(using)
    if (
        using == DEFAULT_DB_ALIAS
        and not entries.exists()
        and KnowledgeItemPage.objects.using(using).exists()
    ):
        rebuild()


def connect(app_config=None) -> None:
    from django.db.models.signals import post_delete, post_migrate, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    page_published.connect(_on_published, dispatch_uid="knowledge-search-publish")
    page_unpublished.connect(_on_published, dispatch_uid="knowledge-search-unpublish")
    page_slug_changed.connect(_on_moved, dispatch_uid="knowledge-search-slug")
    post_delete.connect(_on_deleted, sender=KnowledgeItemPage, dispatch_uid="knowledge-search-del")
    post_save.connect(
        _on_restriction, sender=PageViewRestriction, dispatch_uid="knowledge-search-restrict"
    )
    post_delete.connect(
        _on_restriction, sender=PageViewRestriction, dispatch_uid="knowledge-search-unrestrict"
    )
    post_page_move.connect(_on_moved, dispatch_uid="knowledge-search-move")
    if app_config is not None:
        post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="knowledge-search")
