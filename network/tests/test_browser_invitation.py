"""In a real browser: the secretariat invites Kumasi's coordinator, who creates an account,
edits Kumasi's profile, and cannot reach Lagos's records by URL."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from baobab.tests.browser import shot

pytestmark = pytest.mark.browser


def admin_login(page, base_url, username, password):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def test_invited_coordinator_edits_their_city_and_not_another(demo_server, browser):
    base = demo_server.url
    secretariat = browser.new_context(locale="en-GB")
    page = secretariat.new_page()
    admin_login(page, base, "secretariat", "baobab-demo")
    page.goto(f"{base}/admin/snippets/network/invitation/add/")
    page.locator("#id_name").fill("Ama Owusu")
    page.locator("#id_email").fill("ama.owusu@kumasi.example")
    page.locator("#id_role").select_option(label="City coordinator")
    page.locator("#id_city").select_option(label="Kumasi")
    page.locator("#id_network").select_option(index=1)
    shot(page, "invitation-form")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Invitation sent to ama.owusu@kumasi.example").wait_for()
    secretariat.close()

    link = demo_server.last_link(r"http://\S+/invitations/\S+/")
    invitee = browser.new_context(locale="en-GB")
    page = invitee.new_page()
    page.goto(link)
    assert "Ama Owusu" in page.locator("main").inner_text()
    assert Axe().run(page).violations_count == 0
    page.get_by_label("Password", exact=True).fill("kumasi-market-2019")
    page.get_by_label("Password again").fill("kumasi-market-2019")
    shot(page, "invitation-accept")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{base}/admin/workspace/")
    assert "Kumasi: what to do next" in page.locator("main").inner_text()
    shot(page, "workspace-kumasi")

    page.get_by_role("link", name="Complete your city's profile").click()
    page.locator("#id_description").fill("Kumasi's team keeps this profile up to date.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("updated").first.wait_for()
    shot(page, "kumasi-profile-saved")

    # Lagos's record is readable, but its edit form answers as if it did not exist.
    page.goto(f"{base}/admin/snippets/network/city/?q=Lagos")
    inspect = page.locator("a[href*='/city/inspect/']").first.get_attribute("href")
    lagos_edit = page.goto(base + inspect.replace("/inspect/", "/edit/"))
    assert lagos_edit.status == 404
    shot(page, "lagos-refused")
    invitee.close()
