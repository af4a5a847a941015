"""Every public page, in every language, on a phone: a crawl from the home pages and the
sitemap of the demo, served as `make demo` serves it.

Every page is fetched once through Playwright's request context (fast: no rendering) to check
its links and the addresses it names, and rendered once in the browser at 360 x 740, the
narrowest common phone, for its width and for any CSP violation or console error."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from baobab.tests.browser import shot

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 13; SM-A136B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
}
LANGUAGES = ("en", "fr", "pt")
# The demo is small (a few hundred pages): a crawl past this means a link loop, not more pages.
MAX_PAGES = 1500
# Hosts Baobab links out to on purpose: a share button, the data licence, vocabularies named
# in JSON-LD and XML namespaces. Any other host (localhost above all) is a dead address.
EXTERNAL_HOSTS = {
    "wa.me",
    "creativecommons.org",
    "opendatacommons.org",
    "schema.org",
    "www.w3.org",
    "www.sitemaps.org",
    "purl.org",
    "xmlns.com",
    "iatistandard.org",
    "spdx.org",
}
ABSOLUTE_URL = re.compile(r"""https?://[^\s"'<>)\\]+""")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("href", "src", "action") and tag != "form":
                self.links.append(value)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def _is_page(url: str, base: str) -> bool:
    """A public HTML page worth crawling: under a language prefix, not a file or a feed."""
    path = urlsplit(url).path
    return (
        url.startswith(base)
        and any(path.startswith(f"/{code}/") for code in LANGUAGES)
        and not path.endswith(("/pdf/", "/feed/", "/sheet/", ".ics", ".csv", ".json", ".xml"))
        and "/invitations/" not in path
    )


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context
    context.close()


def _status(request, url: str) -> int:
    status = request.head(url).status
    # A view that answers GET alone (the calendars) still works for a reader following it.
    return request.get(url).status if status == 405 else status


def crawl(base: str, request) -> tuple[list, list, list]:
    """The public pages reachable from the home pages and the sitemap; the links among them
    that fail; the absolute addresses they name on a host they should not."""
    own_host = urlsplit(base).netloc
    sitemap = request.get(f"{base}/sitemap.xml")
    assert sitemap.ok
    queue = deque(f"{base}/{code}/" for code in LANGUAGES)
    for location in re.findall(r"<loc>([^<]+)</loc>", sitemap.text()):
        assert location.startswith(base + "/"), location
        queue.append(location)

    pages, checked, broken, foreign = [], {}, [], []
    seen = set(queue)
    while queue:
        url = queue.popleft()
        response = request.get(url, max_redirects=0)
        checked[url] = response.status
        if response.status != 200 or "text/html" not in response.headers["content-type"]:
            if response.status >= 400:
                broken.append((url, response.status, "sitemap or home"))
            continue
        pages.append(url)
        assert len(pages) <= MAX_PAGES, "the crawl does not end: a link loop?"
        html = response.text()
        for found in ABSOLUTE_URL.findall(html):
            host = urlsplit(found).netloc
            if host != own_host and host not in EXTERNAL_HOSTS:
                foreign.append((url, found))
        for link in _links(html):
            target = urldefrag(urljoin(url, link)).url
            if not target.startswith(base):
                continue
            if _is_page(target, base):
                # Pages reached through a query (filters, pagination) are checked and
                # rendered, but not followed further: filter combinations would never end.
                if target not in seen and "?" not in url:
                    seen.add(target)
                    queue.append(target)
                elif target not in seen and target not in checked:
                    checked[target] = status = _status(request, target)
                    if status >= 400:
                        broken.append((target, status, url))
            elif target not in checked:
                checked[target] = status = _status(request, target)
                if status >= 400:
                    broken.append((target, status, url))
    return pages, broken, foreign


def render(context, pages: list[str]) -> list:
    """Each page on the phone: wider than the screen, or with a console error (a CSP
    violation is one)."""
    problems = []
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    for url in pages:
        page.goto(url, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            shot(page, "too-wide-" + re.sub(r"\W+", "-", urlsplit(url).path).strip("-"))
            problems.append((url, f"{width} px wide"))
        if errors:
            problems.append((url, list(errors)))
            errors.clear()
    page.close()
    return problems


def test_every_public_page_fits_a_phone_and_every_link_answers(demo_server, phone):
    pages, broken, foreign = crawl(demo_server.url, phone.request)
    assert not broken, broken
    assert not foreign, foreign
    for code in LANGUAGES:
        assert sum(f"/{code}/" in url for url in pages) > 40, (code, len(pages))
    problems = render(phone, pages)
    assert not problems, problems
