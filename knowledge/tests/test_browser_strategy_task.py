"""In a real browser, in French: the secretariat asks for the strategy as a PDF, lands on the
task's page, sees it is done and downloads the file; no script error, no CSP violation."""

import pytest

from baobab.tests.journeys import session, sign_in

pytestmark = pytest.mark.browser


def test_the_secretariat_downloads_the_strategy_pdf_from_its_task_page(demo_server, browser):
    with session(browser, demo_server, locale="fr-FR", name="strategy-task") as person:
        page = person.page
        sign_in(person, "secretariat")
        person.goto("/admin/knowledge/strategy/")
        page.get_by_role("link", name="Stratégie en PDF").click()
        page.wait_for_url(f"{person.base}/admin/tasks/*/")
        assert page.locator("h1").inner_text().strip() == "Stratégie de capitalisation (PDF)"
        assert page.locator("[data-job-status]").inner_text() == "terminé"
        person.shot("task-done-fr")

        with page.expect_download() as download_info:
            page.get_by_role("link", name="Télécharger knowledge-strategy.pdf").click()
        download = download_info.value
        assert download.suggested_filename == "knowledge-strategy.pdf"
        with open(download.path(), "rb") as file:
            assert file.read(5) == b"%PDF-"

        person.goto("/admin/tasks/")
        assert page.get_by_role("cell", name="terminé").first.is_visible()
