"""Every form of the admin, for every persona who can open it, works under the
Content-Security-Policy: no violation, no script error, even after each of its "add" buttons has
been clicked (inline panel rows, StreamField blocks) and each chooser opened and closed.

The forms are found as a newcomer finds them: the listings in each persona's menu, their "add"
link and the first item they can edit; and, for pages, one page of each type that the persona can
edit and one place where they may add it.
"""

import contextlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

ROLES = ("secretariat", "bamako", "lagos", "expert")
PASSWORD = "baobab-demo"
# A violation reaches the console, but not always with its directive: the event says which.
LISTEN = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' '
    + (e.sample || '') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""
# Menu entries that are not a listing of things one can add or edit.
NOT_LISTINGS = re.compile(
    r"^/admin/(|logout/|pages/.*|reports/.*|audit_trail/|localize/reports/.*|snippets/)$"
)
# Which pages each persona can edit, and where they can add each page type, as the demo
# database (the demo server's) says.
PAGE_FORMS = """
import json
import os
from django.contrib.auth import get_user_model
from wagtail.models import Page
out = {}
pages = list(Page.objects.filter(depth__gt=1).specific().order_by("path"))
for username in %(roles)r:
    user = get_user_model().objects.get(username=username)
    edit, add = {}, {}
    for page in pages:
        perms = page.permissions_for_user(user)
        label = page._meta.label_lower
        if label not in edit and perms.can_edit():
            edit[label] = f"/admin/pages/{page.pk}/edit/"
        if perms.can_add_subpage():
            for model in page.specific_class.creatable_subpage_models():
                key = model._meta.label_lower
                if key not in add and model.can_create_at(page):
                    kind = f"{model._meta.app_label}/{model._meta.model_name}"
                    add[key] = f"/admin/pages/add/{kind}/{page.pk}/"
    out[username] = sorted(edit.values()) + sorted(add.values())
print(json.dumps(out))
"""


def is_error(page, message):
    """Whether a console message is an error, other than a refused draft: the editor saves a
    draft as one types, and a row just added is still empty, so the server rightly refuses to
    save it (400, shown on the form)."""
    if message.type != "error":
        return False
    return not ("status of 400" in message.text and message.location["url"] == page.url)


@dataclass
class Crawl:
    base: str
    problems: list = field(default_factory=list)
    opened: dict = field(default_factory=dict)
    # What each form looked like the first time, so that a persona who sees the very same form
    # as another is not made to click through it again.
    signatures: set = field(default_factory=set)
    # How many rows, blocks, choosers and previews were tried, to check the crawl did try them.
    tried: Counter = field(default_factory=Counter)

    def watch(self, page, role):
        def console(message):
            if is_error(page, message):
                self.problems.append(f"{role} {page.url}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.problems.append(f"{role} {page.url}: {error}"))


def page_forms(demo_server, tmp_path):
    env = {
        **os.environ,
        "BAOBAB_ENV": "demo",
        "BAOBAB_VAR_DIR": str(tmp_path),
        "DATABASE_URL": demo_server.database_url,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PAGE_FORMS % {"roles": ROLES}],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def sign_in(browser, crawl, role):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(60_000)
    crawl.watch(page, role)
    page.goto(f"{crawl.base}/admin/login/")
    page.locator("#id_username").fill(role)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{crawl.base}/admin/")
    return context, page


def menu_forms(page, crawl):
    """The add and edit forms reachable from the listings in the persona's menu, and the menu
    entries that are no listing (the account, the workspace)."""
    props = page.locator("#wagtail-sidebar-props").text_content()
    forms = []
    for listing in sorted(set(re.findall(r'"(/admin/[^"]*)"', props))):
        if NOT_LISTINGS.match(listing):
            continue
        response = page.request.get(crawl.base + listing)
        if not response.ok:
            continue
        html = response.text()
        prefix = re.sub(r"(list|index)/$", "", listing)
        links = re.findall(rf'href="({re.escape(prefix)}[^"?#]*)"', html)
        add = [link for link in links if re.search(r"/add/$", link)]
        edit = [link for link in links if re.search(r"/(edit/)?\d+/$", link)]
        forms.extend(add[:1] + edit[:1] or [listing])
    return forms


def signature(html):
    """What makes one rendering of a form differ from another: its fields and its widgets."""
    names = re.findall(r'name="([^"]+)"', html)
    controllers = re.findall(r'data-controller="([^"]+)"', html)
    return hash((frozenset(re.sub(r"\d+", "#", n) for n in names), frozenset(controllers)))


def click_every_add_button(page, crawl, role):
    for button in page.locator("button[id$='-ADD']:visible").all():
        prefix = button.get_attribute("id")[len("id_") : -len("-ADD")]
        total = page.locator(f"#id_{prefix}-TOTAL_FORMS")
        before = int(total.input_value())
        button.click()
        crawl.tried["row"] += 1
        if int(total.input_value()) != before + 1:
            crawl.problems.append(f"{role} {page.url}: adding a row to {prefix} did nothing")
    # StreamField: one block of each kind the first "+" offers.
    adders = page.locator("button.c-sf-add-button:visible")
    if adders.count():
        adders.first.click()
        options = page.locator("[role=option]:visible")
        kinds = options.count()
        page.keyboard.press("Escape")
        for index in range(kinds):
            page.locator("button.c-sf-add-button:visible").first.click()
            page.locator("[role=option]:visible").nth(index).click()
            crawl.tried["block"] += 1


def open_and_close_choosers(page, crawl, role):
    seen = set()
    for button in page.locator("[data-chooser-action-choose]:visible").all():
        chooser = button.locator("xpath=ancestor::*[@data-chooser-url][1]")
        url = chooser.get_attribute("data-chooser-url") if chooser.count() else None
        if url in seen:
            continue
        seen.add(url)
        button.click()
        modal = page.locator(".modal.show, .modal.in").first
        modal.wait_for()
        # The chooser's listing or form is fetched into the modal after it opens.
        modal.locator(".modal-body > *").first.wait_for()
        opened = modal.element_handle()
        modal.locator("button.close, [data-bs-dismiss=modal], [data-dismiss=modal]").first.click()
        # Wagtail removes a chooser's modal once it has faded out; a chooser opened while the
        # last one is still fading is ignored by the modal, on a busy machine for seconds.
        page.wait_for_function("modal => !modal.isConnected", arg=opened)
        crawl.tried["chooser"] += 1


def exercise(page, crawl, role, path):
    # Read first without a browser: a form this persona cannot open, or one already clicked
    # through as it is, is not loaded again.
    response = page.request.get(crawl.base + path, max_redirects=0)
    if response.status != 200:
        return
    crawl.opened.setdefault(role, []).append(path)
    key = (re.sub(r"/\d+/", "/#/", path.replace("/add/", "/edit/#/")), signature(response.text()))
    if key in crawl.signatures:
        return
    crawl.signatures.add(key)
    page.goto(crawl.base + path)
    click_every_add_button(page, crawl, role)
    open_and_close_choosers(page, crawl, role)
    preview = page.locator("button[data-side-panel-toggle='preview']")
    if preview.count():
        preview.click()
        frame = page.locator("iframe[data-w-preview-target='iframe']").last
        frame.wait_for(state="attached")
        frame.content_frame.locator("body").wait_for(state="attached")
        crawl.tried["preview"] += 1
    settle(page)


def settle(page):
    """Let the requests the form made (autosave, preview) answer, so their errors are seen here.
    An open preview refreshes as long as the form changes and a busy machine may never go quiet
    for Playwright's 500 ms, so the wait is bounded: what answers in 10 s is checked."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_load_state("networkidle", timeout=10_000)


def test_every_admin_form_works_under_the_policy(demo_server, browser, tmp_path):
    crawl = Crawl(base=demo_server.url)
    pages = page_forms(demo_server, tmp_path)
    for role in ROLES:
        context, page = sign_in(browser, crawl, role)
        for path in menu_forms(page, crawl) + pages[role]:
            exercise(page, crawl, role, path)
        context.close()
    assert not crawl.problems, "\n".join(crawl.problems)
    # The crawl reached what each persona works on.
    assert any("/admin/snippets/experiments/pilot/add/" in p for p in crawl.opened["secretariat"])
    assert any(re.search(r"/admin/pages/\d+/edit/", p) for p in crawl.opened["bamako"])
    assert all(crawl.tried[kind] for kind in ("row", "block", "chooser", "preview")), crawl.tried
