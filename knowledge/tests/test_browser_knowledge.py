"""In a real browser: Bamako turns its reflection into a draft, an expert approves it, and it is
in the library and its feed."""

import pytest

from baobab.tests.browser import shot
from network.tests.test_browser_invitation import admin_login

pytestmark = pytest.mark.browser


def footer_action(page, label):
    """Click one of the page editor's footer actions, opening its menu first."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=label, exact=True).click()


def test_a_reflection_becomes_a_published_item(demo_server, browser):
    base = demo_server.url
    city = browser.new_context(locale="en-GB")
    page = city.new_page()
    admin_login(page, base, "bamako", "baobab-demo")
    page.goto(f"{base}/admin/knowledge/inbox/")
    row = page.locator('tr[data-candidate^="reflection-"]').first
    # The row starts with "Bamako – <quarter>"; the draft is titled after it.
    heading = row.inner_text().splitlines()[0]
    assert heading.startswith("Bamako – ")
    quarter = heading.removeprefix("Bamako – ")
    title = f"Bamako: a lesson of {quarter}"
    shot(page, "knowledge-inbox")
    row.get_by_role("button", name="Make a draft").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    edit_url = page.url
    assert page.locator("#id_title").input_value() == title
    shot(page, "knowledge-draft")
    footer_action(page, "Submit to Knowledge review")
    page.get_by_text("submitted").first.wait_for()
    city.close()

    anonymous = browser.new_context(locale="en-GB")
    reader = anonymous.new_page()
    reader.goto(f"{base}/en/knowledge/")
    assert title not in reader.content()

    experts = browser.new_context(locale="en-GB")
    review = experts.new_page()
    admin_login(review, base, "expert", "baobab-demo")
    review.goto(edit_url)
    with review.expect_navigation():
        footer_action(review, "Approve and Publish")
    review.wait_for_load_state("networkidle")
    # The expert is back on their review queue, told the item is out, not refused entry to the
    # library's page explorer.
    assert review.url == f"{base}/admin/"
    landing = review.locator(".messages").inner_text()
    assert f"“{title}” is approved and published." in landing
    assert "permission" not in landing
    shot(review, "knowledge-approved")
    review.locator(".messages").get_by_role("link", name="View it in the library").click()
    assert review.locator("h1").inner_text() == title
    experts.close()

    # The reader's browser may keep the public library it saw before for a minute
    # (Cache-Control: public, max-age=60); reloading asks the server, which answers the new one.
    reader.goto(f"{base}/en/knowledge/")
    reader.reload()
    assert title in reader.content()
    shot(reader, "knowledge-library-en")
    reader.get_by_role("link", name=title).click()
    assert reader.locator("h1").inner_text() == title
    shot(reader, "knowledge-item-en")
    feed = reader.request.get(f"{base}/en/knowledge/feed/")
    assert title in feed.text()
    reader.goto(f"{base}/fr/knowledge/?q=adressage")
    shot(reader, "knowledge-search-fr")
    reader.goto(f"{base}/fr/knowledge/five-things/")
    shot(reader, "knowledge-item-fr")
    anonymous.close()
