"""What the persona journeys share: a browser session that fails on any broken script, the
steps people take on every screen, and read-only looks at the demo server's database."""

import io
import re
import sqlite3
from contextlib import contextmanager

from baobab.tests.browser import shot

PASSWORD = "baobab-demo"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# The event reaches the console as an error, where the session below collects it with the rest.
LISTEN = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
});
"""


class Session:
    """One person's browser: every console error, page error and CSP violation is kept, and
    ``close`` fails the test when any was seen."""

    def __init__(self, browser, server, *, locale, viewport=DESKTOP, name):
        self.server = server
        self.base = server.url
        self.name = name
        self.context = browser.new_context(locale=locale, viewport=viewport)
        self.context.add_init_script(LISTEN)
        self.page = self.context.new_page()
        # A busy two-core machine can take longer than Playwright's 30 s default.
        self.page.set_default_timeout(60_000)
        self.problems = []
        self.expected = set()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.shots = 0

    def _console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # Browsers ask for /favicon.ico on their own; nothing on a page links to it.
        if url.endswith("/favicon.ico") or url in self.expected:
            return
        self.problems.append(f"{self.page.url}: {message.text} ({url})")

    def shot(self, step):
        self.shots += 1
        shot(self.page, f"journey-{self.name}-{self.shots:02d}-{step}")

    def goto(self, path):
        response = self.page.goto(self.base + path)
        assert response.status == 200, (path, response.status)
        return response

    def status_of(self, path):
        """Open an address the person should not reach; its error status is expected."""
        self.expected.add(self.base + path)
        return self.page.goto(self.base + path).status

    def check(self):
        assert not self.problems, "\n".join(self.problems)

    def close(self):
        try:
            self.check()
        finally:
            self.context.close()


@contextmanager
def session(browser, server, *, locale, name, viewport=DESKTOP):
    person = Session(browser, server, locale=locale, viewport=viewport, name=name)
    try:
        yield person
        person.check()
    finally:
        person.context.close()


def sign_in(person, username, password=PASSWORD):
    page = person.page
    page.goto(f"{person.base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{person.base}/admin/")


def menu(person, *labels):
    """Follow the admin's side menu: open each group, then click the last item."""
    page = person.page
    sidebar = page.locator("aside, nav").filter(has=page.get_by_role("link")).first
    *groups, item = labels
    for group in groups:
        sidebar.get_by_role("button", name=group, exact=True).click()
    sidebar.get_by_role("link", name=item, exact=True).click()
    page.wait_for_load_state()


def pick(page, field_id, label, typed=None):
    """Choose ``label`` in a field offered as a list (its option of that name, or the first
    one containing it), tick the boxes named ``label`` (one or several), or type ``typed``
    (``label`` by default) into a text field."""
    field = page.locator(f"#{field_id}")
    tag = field.evaluate("e => e.tagName")
    if tag not in ("SELECT", "INPUT", "TEXTAREA"):
        for name in label if isinstance(label, list | tuple) else [label]:
            field.get_by_label(name, exact=True).check()
        return
    if tag == "SELECT":
        options = [text.strip() for text in field.locator("option").all_inner_texts()]
        wanted = label.casefold()
        matches = [o for o in options if o.casefold() == wanted] or [
            o for o in options if wanted in o.casefold()
        ]
        assert matches, f"no option {label!r} in #{field_id}: {options}"
        field.select_option(label=matches[0])
        return
    field.fill(typed if typed is not None else label)
    field.press("Escape")


def fill_date(page, field_id, value):
    """Type a date or date-time into Wagtail's picker and close the picker."""
    field = page.locator(f"#{field_id}")
    field.fill(value)
    field.press("Escape")
    page.keyboard.press("Escape")


def message(page, text):
    """Wait for the admin's message that says ``text`` (a string or a pattern)."""
    page.locator(".messages").get_by_text(text).first.wait_for()


def footer_action(page, label):
    """One of the page editor's footer actions, opening its menu first when it is in it."""
    action = page.get_by_role("button", name=label)
    if not action.first.is_visible():
        page.locator("footer .w-dropdown__toggle").last.click()
    action.first.click()


def no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width}px wide on a {viewport}px screen"


def attendance_sheet(rows, header):
    """An XLSX file, as a spreadsheet program saves it."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def db_rows(server, sql, params=()):
    """Read the demo server's database (never write to it: people do that through screens)."""
    url = server.database_url
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        return conn.execute(sql, params).fetchall()


def db_value(server, sql, params=()):
    rows = db_rows(server, sql, params)
    return rows[0][0] if rows else None


def link_to(pattern):
    return re.compile(pattern, re.IGNORECASE)


def add_row(page, panel, button_name) -> int:
    """Click an inline panel's add button, as a person would, until the panel has one more row;
    return the new row's index. Under a loaded machine a click may land before the panel's
    script answers it: the person then clicks again, and so does this (never past one new row)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    total = page.locator(f"#id_{panel}-TOTAL_FORMS")
    index = int(total.input_value())
    for _attempt in range(3):
        if int(total.input_value()) == index:
            page.get_by_role("button", name=button_name).click()
        try:
            page.locator(f"#id_{panel}-{index}-name").wait_for(timeout=20_000)
            return index
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the {panel} panel added no row after three clicks")
