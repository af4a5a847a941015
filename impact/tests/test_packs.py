"""The offline knowledge pack: what it holds, that it links only to itself and never names the
live site in an address, that its data package validates, its size, and how it is rebuilt
(debounced, one build at a time, a failure keeping the previous pack)."""

import datetime
import io
import posixpath
import re
import zipfile
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from frictionless import Package
from lxml import html as lxml_html

from baobab.exceptions import SYSTEM
from impact import opendata
from impact.models import OfflinePack
from impact.pack import baobab_version, build_pack
from impact.services import offline_pack_build, offline_pack_request
from knowledge.selectors import published_items
from knowledge.tests.helpers import item

pytestmark = pytest.mark.django_db
BUDGET = 2 * 1024 * 1024
DRAFT = "Unreviewed draft about drainage"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def unzip(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def addresses(content: bytes):
    tree = lxml_html.fromstring(content)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("href", "src", "action", "srcset", "poster", "data"):
            if element.get(attribute) is not None:
                yield element.get(attribute)


@pytest.fixture
def en_pack(aston):
    item(title=DRAFT, slug="unreviewed-draft", summary="Drainage draft text.", live=False)
    return unzip(build_pack(network=aston, language="en"))


def test_the_pack_holds_the_library_its_pdfs_cities_programme_impact_and_open_data(aston, en_pack):
    names = set(en_pack)
    for name in (
        "index.html",
        "search.html",
        "search-index.js",
        "search.js",
        "README.txt",
        "static/website/baobab.css",
        "en/knowledge/index.html",
        "en/cities/index.html",
        "en/cities/bamako/index.html",
        "en/programme/index.html",
        "en/impact/index.html",
        "en/impact/figures/participants/index.html",
        "data/aston/datapackage.json",
    ):
        assert name in names, name
    for table in opendata.TABLES:
        assert f"data/aston/{table.name}.csv" in names
        assert f"data/aston/{table.name}.json" in names
    # Every item of the English library (its own and those only written in French) with its PDF.
    english = published_items().filter(locale__language_code="en")
    assert english.count() >= 10
    for page in english:
        folder = page.url.strip("/")
        assert f"{folder}/index.html" in names
        assert f"{folder}/{page.slug}.pdf" in names
        assert en_pack[f"{folder}/{page.slug}.pdf"].startswith(b"%PDF")
    assert "fr/knowledge/critical-friends/index.html" in names
    # No other language's sections, and no translation the English library does not show.
    assert not any(name.startswith(("fr/cities", "fr/programme", "pt/")) for name in names)
    index = en_pack["index.html"].decode()
    # Its date, the release that built it, the live site's address, each item's licence.
    assert timezone.localdate().strftime("%-d %B %Y") in index
    assert f"Baobab {baobab_version()}" in index
    assert f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/" in index
    assert index.count("Licence: Creative Commons Attribution 4.0 (CC BY 4.0)") == len(
        [name for name in names if name.endswith(".pdf")]
    )


def test_no_address_leaves_the_pack_and_no_draft_is_in_it(en_pack):
    for name, content in en_pack.items():
        assert DRAFT.encode() not in content, name
        assert b"unreviewed-draft" not in content, name
        if not name.endswith(".html"):
            continue
        for address in addresses(content):
            for candidate in address.split(","):
                value = candidate.strip().split(" ")[0]
                assert not value.startswith(("http://", "https://", "//", "/")), (name, value)
        assert b'"/static/' not in content, name
    css = en_pack["static/website/baobab.css"].decode()
    assert not re.search(r"url\(\s*['\"]?(/|https?:)", css)


def test_every_link_in_the_pack_leads_to_a_file_of_the_pack(en_pack):
    checked = 0
    for name, content in en_pack.items():
        if not name.endswith(".html"):
            continue
        for address in addresses(content):
            path = unquote(urlsplit(address).path)
            if address.startswith(("#", "mailto:", "data:")) or not path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
            assert target in en_pack, f"{name} links to {address}"
            checked += 1
    assert checked > 500


def test_the_search_index_is_a_script_listing_every_item(en_pack):
    script = en_pack["search-index.js"].decode()
    assert script.startswith("window.BAOBAB_PACK_INDEX = [")
    assert "Five things we wish we had known" in script
    search = en_pack["search.html"].decode()
    # Without JavaScript the page lists every item.
    assert search.count('data-page="') == script.count('"page":')
    assert '<script src="search-index.js">' in search


def test_the_packed_data_package_validates(en_pack, tmp_path):
    for name, content in en_pack.items():
        if name.startswith("data/"):
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    report = Package(str(tmp_path / "data/aston/datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_one_language_pack_is_under_two_megabytes(aston, language):
    data = build_pack(network=aston, language=language)
    print(f"pack {language}: {len(data)} bytes")
    assert 50_000 < len(data) < BUDGET


def test_the_pack_of_all_languages_holds_both_libraries(aston):
    names = set(unzip(build_pack(network=aston, language="all")))
    assert {"en/knowledge/index.html", "fr/knowledge/index.html"} <= names
    assert not any(name.startswith("pt/cities") for name in names)


def test_a_language_the_network_does_not_publish_in_has_no_pack(aston):
    from baobab.exceptions import NotFound

    with pytest.raises(NotFound):
        offline_pack_build(network=aston, language="pt", actor=SYSTEM)


def test_a_build_is_stored_and_recorded(aston):
    pack = offline_pack_build(network=aston, language="en", actor=SYSTEM)
    assert pack.status == OfflinePack.Status.READY and not pack.error
    assert pack.size == pack.file.size and pack.built_at
    assert pack.file.read(2) == b"PK"


def test_a_failed_build_keeps_the_previous_pack_and_records_the_failure(aston, monkeypatch):
    first = offline_pack_build(network=aston, language="en", actor=SYSTEM)
    # A table the site does not serve: the build stops half way, after the pages.
    broken = [*opendata.TABLES, SimpleNamespace(name="no-such-table", title="Missing")]
    monkeypatch.setattr(opendata, "TABLES", broken)
    OfflinePack.objects.filter(pk=first.pk).update(started_at=None)
    failed = offline_pack_build(network=aston, language="en", actor=SYSTEM)
    assert failed.status == OfflinePack.Status.FAILED
    assert "no-such-table" in failed.error
    assert failed.file.name == first.file.name and failed.size == first.size
    assert failed.file.storage.exists(first.file.name)
    assert failed.built_at == first.built_at


def test_a_second_build_while_one_runs_does_nothing(aston):
    started = timezone.now() - datetime.timedelta(minutes=5)
    OfflinePack.objects.create(
        network=aston, language="en", status=OfflinePack.Status.BUILDING, started_at=started
    )
    pack = offline_pack_build(network=aston, language="en", actor=SYSTEM)
    assert pack.status == OfflinePack.Status.BUILDING and not pack.file
    assert pack.started_at == started
    # A build that died long ago does not block the next one.
    OfflinePack.objects.filter(pk=pack.pk).update(started_at=started - datetime.timedelta(hours=2))
    assert offline_pack_build(network=aston, language="en", actor=SYSTEM).status == "ready"


def test_publishes_within_the_hour_are_skipped_by_a_backend_that_cannot_defer(aston):
    assert offline_pack_request(network=aston, language="en", actor=SYSTEM) == "enqueued"
    pack = OfflinePack.objects.get(network=aston, language="en")
    assert pack.status == "ready"
    assert offline_pack_request(network=aston, language="en", actor=SYSTEM) == "skipped"
    assert OfflinePack.objects.get(pk=pack.pk).built_at == pack.built_at
    # After the hour, the next publish builds again.
    OfflinePack.objects.filter(pk=pack.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=1, minutes=1)
    )
    assert offline_pack_request(network=aston, language="en", actor=SYSTEM) == "enqueued"
    assert OfflinePack.objects.get(pk=pack.pk).built_at > pack.built_at


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_publishes_within_the_hour_are_put_off_to_its_end_once(aston):
    from impact.tasks import build_offline_pack

    backend = build_offline_pack.get_backend()
    backend.results.clear()
    last = timezone.now() - datetime.timedelta(minutes=20)
    OfflinePack.objects.create(network=aston, language="en", started_at=last)
    assert offline_pack_request(network=aston, language="en", actor=SYSTEM) == "deferred"
    assert offline_pack_request(network=aston, language="en", actor=SYSTEM) == "deferred"
    assert len(backend.results) == 1
    assert backend.results[0].task.run_after == last + datetime.timedelta(hours=1)
    assert backend.results[0].args == [aston.pk, "en"]


def test_publishing_an_item_rebuilds_the_packs(aston, django_capture_on_commit_callbacks):
    for language in ("en", "fr", "all"):
        OfflinePack.objects.create(
            network=aston, language=language, started_at=timezone.now() - datetime.timedelta(2)
        )
    with django_capture_on_commit_callbacks(execute=True):
        item(title="Freshly published lesson", slug="freshly-published")
    packs = {pack.language: pack for pack in OfflinePack.objects.filter(network=aston)}
    assert {pack.status for pack in packs.values()} == {"ready"}
    names = set(unzip(packs["en"].file.read()))
    assert "en/knowledge/freshly-published/index.html" in names


def test_the_download_page_lists_the_packs_in_the_readers_language(client, aston):
    offline_pack_build(network=aston, language="fr", actor=SYSTEM)
    pack = offline_pack_build(network=aston, language="en", actor=SYSTEM)
    html = client.get("/en/offline/aston/").content.decode()
    assert "/data/aston/offline/en.zip" in html and "/data/aston/offline/fr.zip" in html
    assert " KB" in html and "English" in html
    french = client.get("/fr/offline/aston/").content.decode()
    assert "Paquets hors ligne" in french
    # The network publishes no Portuguese pack; a Portuguese reader is offered the others.
    portuguese = client.get("/pt/offline/aston/").content.decode()
    assert "Pacotes" in portuguese and "/data/aston/offline/fr.zip" in portuguese
    download = client.get("/data/aston/offline/en.zip")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert b"".join(download.streaming_content) == pack.file.open("rb").read()
    assert client.get("/data/aston/offline/pt.zip").status_code == 404
    assert client.get("/data/aston/offline/all.zip").status_code == 404
    assert 'href="/en/offline/aston/"' in client.get("/en/knowledge/").content.decode()
    assert 'href="/en/offline/aston/"' in client.get("/data/").content.decode()


def test_the_download_page_fits_a_phone(client, aston):
    offline_pack_build(network=aston, language="en", actor=SYSTEM)
    html = client.get("/en/offline/aston/").content.decode()
    assert 'name="viewport" content="width=device-width' in html
    assert "<table" not in html
