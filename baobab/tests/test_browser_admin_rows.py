"""In a real browser, under the admin's Content-Security-Policy: a city coordinator adds an
indicator to their pilot, and the secretariat adds a source to a knowledge item, each with the
form's "Add" button, and the new row is saved."""

import re

import pytest

from baobab.tests.browser import shot
from baobab.tests.test_admin_crawl import LISTEN, PASSWORD, is_error

pytestmark = pytest.mark.browser


def signed_in(browser, base, username):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if is_error(page, m) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")
    return context, page, errors


def first_edit_link(page, base, listing):
    page.goto(base + listing)
    return re.findall(rf'href="({re.escape(listing)}edit/\d+/)"', page.content())[0]


def test_a_coordinator_adds_an_indicator_to_their_pilot(demo_server, browser):
    base = demo_server.url
    context, page, errors = signed_in(browser, base, "bamako")
    edit = first_edit_link(page, base, "/admin/snippets/experiments/pilot/")
    page.goto(base + edit)
    rows = int(page.locator("#id_indicators-TOTAL_FORMS").input_value())
    page.get_by_role("button", name="Add indicator").click()
    assert int(page.locator("#id_indicators-TOTAL_FORMS").input_value()) == rows + 1
    page.locator(f"#id_indicators-{rows}-name").fill("Market stalls mapped")
    page.locator(f"#id_indicators-{rows}-unit").fill("stalls")
    page.locator(f"#id_indicators-{rows}-baseline").fill("0")
    page.locator(f"#id_indicators-{rows}-target").fill("400")
    shot(page, "admin-rows-pilot-indicator")
    page.locator("footer button[type=submit]").first.click()
    page.locator(".messages .success").wait_for()
    page.goto(base + edit)
    names = page.locator("input[id^='id_indicators-'][id$='-name']")
    assert "Market stalls mapped" in [names.nth(i).input_value() for i in range(names.count())]
    assert not errors, "\n".join(errors)
    context.close()


def test_the_secretariat_adds_a_source_to_a_knowledge_item(demo_server, browser):
    base = demo_server.url
    context, page, errors = signed_in(browser, base, "secretariat")
    # A knowledge item draws on reflections, pilot decisions and events: here, an event.
    event = re.search(r"/(\d+)/$", first_edit_link(page, base, "/admin/snippets/learning/event/"))
    page.goto(f"{base}/admin/pages/usage/knowledge/knowledgeitempage/")
    edit = re.findall(r'href="(/admin/pages/\d+/edit/)"', page.content())[0]
    page.goto(base + edit)
    rows = int(page.locator("#id_sources-TOTAL_FORMS").input_value())
    page.get_by_role("button", name="Add source").click()
    assert int(page.locator("#id_sources-TOTAL_FORMS").input_value()) == rows + 1
    kind = page.locator(f"#id_sources-{rows}-content_type")
    label = next(
        o for o in kind.locator("option").all_inner_texts() if o.lower().endswith("| event")
    )
    kind.select_option(label=label)
    page.locator(f"#id_sources-{rows}-object_id").fill(event.group(1))
    shot(page, "admin-rows-knowledge-source")
    page.get_by_role("button", name="Save draft").click()
    page.locator(".messages .success").wait_for()
    page.goto(base + edit)
    ids = page.locator("input[id^='id_sources-'][id$='-object_id']")
    assert event.group(1) in [ids.nth(i).input_value() for i in range(ids.count())]
    assert not errors, "\n".join(errors)
    context.close()
