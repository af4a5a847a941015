"""In a real browser, in French: Bamako's coordinator names the owner of a checklist step by
typing part of a name in the person chooser, sees city and organisation beside each name, and
saves."""

import re

import pytest

from baobab.tests.browser import shot

pytestmark = pytest.mark.browser

LISTEN = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
});
"""


def test_a_coordinator_picks_a_person_by_typing_part_of_a_name(demo_server, browser):
    base = demo_server.url
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(60_000)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill("bamako")
    page.locator("#id_password").fill("baobab-demo")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")

    page.goto(f"{base}/admin/snippets/onboarding/citystep/")
    edit = re.search(r'href="(/admin/snippets/onboarding/citystep/edit/\d+/)"', page.content())
    page.goto(base + edit.group(1))

    chooser = page.locator("[data-chooser-action-choose]:visible").first
    chooser.click()
    modal = page.locator(".modal-content")
    search = modal.locator("#id_q")
    search.wait_for()
    assert modal.get_by_text("Organisation").first.is_visible()
    assert "Choisir une personne" in modal.locator("h1").inner_text()
    # One input event, so one search: typed letter by letter, the answers to the shorter
    # queries can arrive last on a busy machine and stand as the results.
    search.fill("coulib")
    # Results narrow to the name; every row says which city and organisation.
    modal.locator("#search-results tbody tr").first.wait_for()
    page.wait_for_function(
        """() => [...document.querySelectorAll('.modal #search-results tbody tr')]
            .every(row => row.innerText.includes('Coulibaly'))"""
    )
    rows = modal.locator("#search-results tbody tr")
    texts = rows.all_inner_texts()
    assert texts and all("Bamako" in text for text in texts), texts
    assert not any("@" in text for text in texts)
    shot(page, "person-chooser-search-fr")
    first = rows.first.locator("a[data-chooser-modal-choice]")
    name = first.inner_text().strip()
    first.click()
    modal.wait_for(state="hidden")
    chosen = page.locator(".chooser__title").first.inner_text()
    assert name in chosen and "Bamako" in chosen, chosen

    page.locator("button[type=submit]").filter(has_text="Enregistrer").first.click()
    page.wait_for_url(re.compile(r"/admin/snippets/onboarding/citystep/(\?.*)?$"))
    shot(page, "person-chooser-saved-fr")
    page.goto(base + edit.group(1))
    assert name in page.locator(".chooser__title").first.inner_text()
    context.close()
    csp = [p for p in problems if "CSP" in p or "Content Security Policy" in p]
    assert not csp, "\n".join(csp)
    assert not problems, "\n".join(problems)
