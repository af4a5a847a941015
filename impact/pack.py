"""The offline knowledge pack of a network: one ZIP per language (or all of them) holding a
static copy of the library (every published item's page and its PDF), the city pages, the
programme and impact pages, the open data with its data package, an index and a search page.

Opened from the unzipped folder over file:// with no server: the pages are rendered by the
site's own URLs (Django's test client, as an anonymous reader), then every link is rewritten to
a relative file path; a link to anything the pack does not hold loses its address and keeps its
text, so nothing reaches out. Lives in impact, the lowest layer that reads every part it packs
(the open data and key figures are impact's; the library, cities and programme sit below)."""

import io
import json
import posixpath
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import html as lxml_html
from wagtail.models import Page, Site

from knowledge.selectors import published_items

from . import opendata
from .selectors import KEYS

ALL = "all"
# Attributes that carry an address; srcset carries several.
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data")
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
SECTION_MODELS = {"knowledgeindexpage", "cityindexpage", "citypage", "programmepage", "impactpage"}


class PackError(Exception):
    """A page of the pack could not be rendered: the build stops, the previous pack stays."""


def pack_languages(network, language: str) -> list[str]:
    """The languages a pack holds: one the network publishes in, or all of them."""
    if language == ALL:
        return [code for code, _name in settings.LANGUAGES if code in network.languages]
    return [language]


def baobab_version() -> str:
    """The release this pack was built by: BAOBAB_VERSION when the deployment sets it, else the
    checkout's commit and date, else the project's version."""
    version = getattr(settings, "BAOBAB_VERSION", "")
    if version:
        return version
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%h %cs"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    return f"commit {out}" if out else "0.1.0"


def file_for(url: str, content_type: str) -> str:
    """Where a page of the site sits in the pack: /en/knowledge/x/ is en/knowledge/x/index.html,
    its PDF en/knowledge/x/x.pdf, a library page ?page=2 en/knowledge/page-2.html."""
    parts = urlsplit(url)
    path = parts.path.lstrip("/")
    if "pdf" in content_type and path.endswith("/pdf/"):
        folder = path.removesuffix("pdf/")
        return f"{folder}{posixpath.basename(folder.rstrip('/'))}.pdf"
    if path == "" or path.endswith("/"):
        number = parse_qs(parts.query).get("page", [""])[0]
        return f"{path}page-{number}.html" if number and number != "1" else f"{path}index.html"
    return path


@dataclass
class Build:
    network: object
    languages: list[str]
    host: str = ""
    client: Client | None = None
    # address (path and the one query kept, ?page=) -> file in the pack
    files: dict = field(default_factory=dict)
    contents: dict = field(default_factory=dict)
    allowed: set = field(default_factory=set)
    queue: list = field(default_factory=list)
    items: list = field(default_factory=list)
    item_urls: set = field(default_factory=set)
    libraries: set = field(default_factory=set)

    def __post_init__(self):
        # The site's own address: the one ALLOWED_HOSTS accepts and Wagtail finds its site by.
        site = Site.objects.filter(is_default_site=True).first()
        self.host = urlsplit(site.root_url).netloc if site else "testserver"
        self.client = Client(HTTP_HOST=self.host)

    def site_hosts(self) -> set:
        hosts = {self.host, "testserver", urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc}
        return {h for h in hosts if h}

    def absolute(self, key: str, ref: str) -> str:
        return urljoin(f"http://{self.host}{key}", ref)

    def key(self, absolute: str) -> str | None:
        """The address a link names, as the pack keys it; None when it is another site's."""
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc not in self.site_hosts():
            return None
        number = parse_qs(parts.query).get("page", [""])[0]
        if parts.query and not (number.isdigit() and set(parse_qs(parts.query)) == {"page"}):
            return parts.path + "?" + parts.query
        return parts.path + (f"?page={number}" if number and number != "1" else "")


def _home_pages(network, languages):
    return [
        page
        for page in Page.objects.live()
        .public()
        .filter(depth=2, locale__language_code__in=languages)
        .specific()
        if getattr(page, "network_id", None) == network.pk
    ]


def _sections(home):
    """The pages of a home the pack holds: library, cities and each city, programme, impact."""
    pages = []
    for page in home.get_descendants().live().public().filter(depth__lte=4).specific():
        if page.content_type.model in SECTION_MODELS:
            pages.append(page)
    return pages


def _fetch(build: Build, key: str):
    response = build.client.get(key, follow=False)
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise PackError(f"{key} answered {response.status_code}")
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return content_type, body


def _language_of(key: str) -> str:
    return key.strip("/").split("/", 1)[0]


def _links(tree):
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None:
                yield element, name, value
        if element.get("srcset"):
            for candidate in element.get("srcset").split(","):
                if candidate.strip():
                    yield element, "srcset", candidate.strip().split()[0]


def _crawl(build: Build):
    seen = set()
    while build.queue:
        key = build.queue.pop(0)
        if key in seen:
            continue
        seen.add(key)
        if key.startswith(settings.MEDIA_URL):
            name = key.removeprefix(settings.MEDIA_URL)
            if default_storage.exists(name):
                with default_storage.open(name) as handle:
                    build.contents["media/" + name] = handle.read()
                build.files[key] = "media/" + name
            continue
        if key.startswith(settings.STATIC_URL):
            found = finders.find(key.removeprefix(settings.STATIC_URL))
            if found:
                build.files[key] = "static/" + key.removeprefix(settings.STATIC_URL)
                build.contents[build.files[key]] = Path(found).read_bytes()
            continue
        fetched = _fetch(build, key)
        if fetched is None:
            continue
        content_type, body = fetched
        name = file_for(key, content_type)
        build.files[key] = name
        build.contents[name] = body
        if "html" not in content_type and "css" not in content_type:
            continue
        # Sections are followed from the pack's languages only, items from a library page
        # (an item of another language that a library shows is packed, its translations are
        # not), a PDF from its item's page.
        follow = _language_of(key) in build.languages
        from_library = key.split("?")[0] in build.libraries
        if "css" in content_type:
            refs = [m.group(2) for m in CSS_URL.finditer(body.decode())]
        else:
            refs = [value for _e, _n, value in _links(lxml_html.fromstring(body))]
        for ref in refs:
            target = build.key(build.absolute(key, ref))
            if target is None or target in seen:
                continue
            path = target.split("?", 1)[0]
            is_asset = path.startswith((settings.STATIC_URL, settings.MEDIA_URL))
            if (
                is_asset
                or (follow and target in build.allowed)
                or (from_library and target in build.item_urls)
                or (target == f"{key}pdf/" and key in build.item_urls)
            ):
                build.queue.append(target)


def _relative(target: str, source: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def _rewrite_css(build: Build, name: str, key: str) -> bytes:
    def replace(match):
        target = build.key(build.absolute(key, match.group(2)))
        if target in build.files:
            return f"url({_relative(build.files[target], name)})"
        return "url()"

    return CSS_URL.sub(replace, build.contents[name].decode()).encode()


def _unlink(element):
    """An anchor to something the pack does not hold keeps its text as plain text; a menu entry
    or a paragraph that is nothing but that link goes."""
    parent = element.getparent()
    if element.tag != "a":
        parent.remove(element)
        return
    alone = (
        len(parent) == 1 and not (parent.text or "").strip() and not (element.tail or "").strip()
    )
    if parent.tag in ("li", "p") and alone:
        parent.getparent().remove(parent)
        return
    element.tag = "span"
    for attribute in ("href", "hreflang", "rel", "target", "download"):
        element.attrib.pop(attribute, None)


def _rewrite_html(build: Build, name: str, key: str, banner: str) -> bytes:
    tree = lxml_html.fromstring(build.contents[name])
    # What names the live site or feeds machines (alternates, Open Graph, JSON-LD, forms that
    # ask the server) has no use offline.
    for element in tree.xpath(
        '//link[@rel="alternate"] | //meta[starts-with(@property, "og:")]'
        ' | //script[@type="application/ld+json"] | //form'
    ):
        element.getparent().remove(element)
    for element, attribute, value in list(_links(tree)):
        if element.getparent() is None and element.tag != "html":
            continue
        if value.startswith(("#", "mailto:", "data:")):
            continue
        target = build.key(build.absolute(key, value))
        if attribute == "srcset":
            element.attrib.pop("srcset")
            continue
        if target in build.files:
            fragment = urlsplit(value).fragment
            relative = _relative(build.files[target], name)
            element.set(attribute, relative + (f"#{fragment}" if fragment else ""))
        elif target is not None and target.split("?")[0] == key.split("?")[0]:
            element.set(attribute, posixpath.basename(name))
        else:
            _unlink(element)
    body = tree.find("body")
    if body is not None:
        note = lxml_html.fragment_fromstring(
            banner.replace("{root}", _relative("index.html", name)).replace(
                "{search}", _relative("search.html", name)
            )
        )
        body.insert(0, note)
    return lxml_html.tostring(tree, doctype="<!doctype html>", encoding="utf-8")


def _item_rows(build: Build):
    rows = []
    for page in build.items:
        key = page.url
        if key not in build.files:
            continue
        rows.append(
            {
                "title": page.title,
                "summary": page.summary,
                "kind": page.get_kind_display(),
                "themes": [theme.label for theme in page.themes.all()],
                "cities": [city.name for city in page.cities.all()],
                "language": page.locale.language_code,
                "page": build.files[key],
                "pdf": build.files.get(f"{key}pdf/", ""),
            }
        )
    return rows


def build_pack(*, network, language: str) -> bytes:
    """The ZIP of ``network``'s pack in ``language`` (a code, or ALL)."""
    # Each request sets its own language; the caller's is given back afterwards.
    with translation.override(translation.get_language()):
        return _build_pack(network=network, language=language)


def _build_pack(*, network, language: str) -> bytes:
    languages = pack_languages(network, language)
    if not languages or any(code not in network.languages for code in languages):
        raise PackError(f"{network.slug} does not publish in {language}")
    build = Build(network=network, languages=languages)
    homes = _home_pages(network, languages)
    if not homes:
        raise PackError(f"{network.slug} has no home page in {language}")
    roots = [home.path for home in homes] + [
        page.path
        for page in Page.objects.filter(depth=2, live=True).specific()
        if getattr(page, "network_id", None) == network.pk
    ]
    items = [
        page
        for page in published_items()
        .select_related("locale")
        .prefetch_related("themes", "cities")
        .order_by("title", "pk")
        if any(page.path.startswith(root) for root in roots)
    ]
    build.items = items
    build.item_urls = {page.url for page in items}
    for home in homes:
        for page in _sections(home):
            build.allowed.add(page.url)
            build.queue.append(page.url)
            if page.content_type.model == "impactpage":
                # The figures' own pages, as the impact page links them (first page of rows).
                build.allowed.update(f"{page.url}figures/{key}/" for key in KEYS)
            if page.content_type.model == "knowledgeindexpage":
                # Library pages after the first (?page=2...): the pager names them.
                build.libraries.add(page.url)
                build.allowed.update(f"{page.url}?page={n}" for n in range(2, len(items) + 2))
    with translation.override(languages[0]):
        _crawl(build)
    # The home page of a language the pack holds is the pack's own index.
    for home in homes:
        build.files.setdefault(home.url, "index.html")
    # The open data: every table as CSV and JSON, and the data package naming the CSVs.
    for table in opendata.TABLES:
        for extension in ("csv", "json"):
            key = f"/data/{network.slug}/{table.name}.{extension}"
            fetched = _fetch(build, key)
            if fetched is None:
                raise PackError(f"{key} is missing")
            build.files[key] = key.lstrip("/")
            build.contents[build.files[key]] = fetched[1]
    package = opendata.datapackage(network=network)
    package_key = f"/data/{network.slug}/datapackage.json"
    build.files[package_key] = package_key.lstrip("/")
    build.contents[build.files[package_key]] = json.dumps(
        package, ensure_ascii=False, indent=1
    ).encode()

    built_at = timezone.now()
    licence = opendata.licence_of(network)
    live = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(languages[0]):
        context = {
            "network": network,
            "languages": languages,
            "built_at": built_at,
            "version": baobab_version(),
            "live": live,
            "licence": licence,
            "rows": _item_rows(build),
            "sections": _section_links(build, homes),
            "tables": [
                {
                    "title": str(table.title),
                    "csv": build.files[f"/data/{network.slug}/{table.name}.csv"],
                    "json": build.files[f"/data/{network.slug}/{table.name}.json"],
                }
                for table in opendata.TABLES
            ],
            "datapackage": build.files[package_key],
        }
        banner = render_to_string("impact/pack/banner.html", context)
        index = render_to_string("impact/pack/index.html", context)
        search = render_to_string("impact/pack/search.html", context)
        search_index = "window.BAOBAB_PACK_INDEX = " + json.dumps(
            context["rows"], ensure_ascii=False
        ).replace("</", "<\\/")
    for key, name in list(build.files.items()):
        if name == "index.html":
            continue
        if name.endswith(".html"):
            with translation.override(_language_of(key) or languages[0]):
                build.contents[name] = _rewrite_html(build, name, key, banner)
        elif name.endswith(".css"):
            build.contents[name] = _rewrite_css(build, name, key)
    build.contents["index.html"] = index.encode()
    build.contents["search.html"] = search.encode()
    build.contents["search-index.js"] = (search_index + ";\n").encode()
    build.contents["search.js"] = Path(__file__).with_name("pack_search.js").read_bytes()
    css = finders.find("website/baobab.css")
    build.contents.setdefault("static/website/baobab.css", Path(css).read_bytes())
    stamp = built_at.strftime("%Y-%m-%d %H:%M UTC")
    build.contents["README.txt"] = (
        f"{network.name} – {_('offline knowledge pack')}\n"
        f"{stamp} · Baobab {context['version']}\n{live}\n"
        f"{_('Open index.html in a web browser.')}\n"
    ).encode()
    return _zip(build.contents, built_at)


def _section_links(build: Build, homes) -> list[dict]:
    links = []
    for home in homes:
        language = home.locale.language_code
        for page in _sections(home):
            if page.content_type.model == "citypage" or page.url not in build.files:
                continue
            links.append({"language": language, "title": page.title, "file": build.files[page.url]})
    return links


def _zip(contents: dict, built_at) -> bytes:
    buffer = io.BytesIO()
    stamp = timezone.localtime(built_at).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(contents):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, contents[name])
    return buffer.getvalue()


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""
