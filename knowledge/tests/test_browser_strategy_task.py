"""In a real browser, in French: the secretariat asks for the strategy as a PDF, lands on the
task's page, sees it is done and downloads the file; no script error, no CSP violation."""

import pytest

from baobab.tests.browser import shot

pytestmark = pytest.mark.browser

LISTEN = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
});
"""


def test_the_secretariat_downloads_the_strategy_pdf_from_its_task_page(demo_server, browser):
    base = demo_server.url
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(60_000)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill("secretariat")
    page.locator("#id_password").fill("baobab-demo")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")

    page.goto(f"{base}/admin/knowledge/strategy/")
    page.get_by_role("link", name="Stratégie en PDF").click()
    page.wait_for_url(f"{base}/admin/tasks/*/")
    assert page.locator("h1").inner_text().strip() == "Stratégie de capitalisation (PDF)"
    assert page.locator("[data-job-status]").inner_text() == "terminé"
    shot(page, "task-done-fr")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger knowledge-strategy.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "knowledge-strategy.pdf"
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"

    page.goto(f"{base}/admin/tasks/")
    assert page.get_by_role("cell", name="terminé").first.is_visible()
    assert problems == []
    context.close()
