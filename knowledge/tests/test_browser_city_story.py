"""In a real browser, in French: Bamako's coordinator carries its city story on and drafts a
case study from My city, filed under Bamako in the French library."""

import re

import pytest

from baobab.tests.browser import shot, wait_until_editor_watches, watch_editor

pytestmark = pytest.mark.browser


def french_admin_login(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("baobab-demo")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/admin/")


def test_bamako_drafts_a_case_study_from_my_city_in_french(demo_server, browser):
    base = demo_server.url
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    watch_editor(context)
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    french_admin_login(page, base, "bamako")
    page.goto(f"{base}/admin/workspace/")
    shot(page, "my-city-story-actions-fr")

    # Bamako's story is already written: the action carries it on rather than starting another.
    page.get_by_role("link", name="Continuer notre récit de ville").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    assert page.locator("#id_title").input_value() == "Bamako : donner une adresse à chaque rue"

    page.goto(f"{base}/admin/workspace/")
    page.get_by_role("link", name="Rédiger une étude de cas").click()
    page.wait_for_url("**/admin/knowledge/write/case_study/")
    assert page.get_by_label("Type").input_value() == "case_study"
    wait_until_editor_watches(page)
    page.locator("#id_title").fill("Bamako : des adresses pour les impôts locaux")
    page.get_by_role("button", name="Insérer un bloc").first.click()
    page.get_by_role("option", name="Texte").click()
    editor = page.locator("[contenteditable=true]").first
    editor.click()
    editor.type("Chaque rue adressée a rendu visibles de nouveaux contribuables.")
    # Wagtail saves as the coordinator types: the new draft gets its own address first, and
    # saving it by hand while that first save is under way would file it twice.
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    # It may still hold the last words typed: a save by hand sent meanwhile makes that
    # autosave's revision stale, which Wagtail refuses (400). A person waits for "Saved".
    page.locator("#w-autosave-indicator[data-w-autosave-state-value=saved]").wait_for()
    page.wait_for_load_state("networkidle")
    shot(page, "case-study-draft-fr")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.locator(".messages").get_by_text("Bamako : des adresses pour les impôts locaux").wait_for()
    assert page.locator("select[name=cities] option:checked").all_inner_texts() == ["Bamako"]

    page.goto(f"{base}/admin/workspace/")
    row = page.get_by_role("listitem").filter(
        has_text="Étude de cas: Bamako : des adresses pour les impôts locaux"
    )
    assert "Brouillon" in row.inner_text()
    shot(page, "my-city-case-study-listed-fr")
    assert errors == []
    context.close()
