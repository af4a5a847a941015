"""In a real browser: Bamako's coordinator adds an action scaling a pilot decided "scale up",
and the roadmap's "scale up with no action" check clears; the public pages show the roadmap."""

import os
import subprocess
import sys

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from baobab.tests.browser import shot

pytestmark = pytest.mark.browser

# Run inside the demo server's database: a pilot of Bamako decided "scale up", made the way the
# pilots' own forms make it, through the experiments models.
PILOT = """
import datetime
from experiments.models import Decision, Pilot
from network.models import City, Network, Theme
pilot, created = Pilot.objects.get_or_create(
    network=Network.objects.get(slug="aston"), slug="commune-iv-addresses",
    defaults=dict(
        city=City.objects.get(slug="bamako"), title="Street addresses in Commune IV",
        theme=Theme.objects.first(), problem="Residents cannot be found.",
        hypothesis="Addresses bring services to the door.", status="evaluated",
    ),
)
if created:
    Decision.objects.create(
        pilot=pilot, kind="scale_up", decided_on=datetime.date(2021, 12, 10),
        decided_by="Mayor's cabinet", evidence="Deliveries found 9 homes in 10.",
    )
"""


def add_scale_up_pilot(demo_server) -> None:
    env = {
        **os.environ,
        "BAOBAB_ENV": "demo",
        "BAOBAB_VAR_DIR": str(demo_server.log_path.parent),
        "DATABASE_URL": demo_server.database_url,
    }
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PILOT],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        timeout=120,
        capture_output=True,
    )


PILOT_TITLE = "Street addresses in Commune IV"


def admin_login(page, base_url, username, password):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def test_coordinator_scales_a_pilot_and_the_check_clears(demo_server, browser):
    base = demo_server.url
    add_scale_up_pilot(demo_server)
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_login(page, base, "bamako", "baobab-demo")

    page.goto(f"{base}/admin/workspace/")
    main = page.locator("main").inner_text()
    assert "Roadmap to scale" in main
    assert "“Street addresses in Commune IV” was decided “scale up”" in main
    shot(page, "roadmap-workspace-bamako")

    page.get_by_role("link", name="Build your roadmap").click()
    page.wait_for_url("**/roadmap/roadmap/edit/**")
    # Other browser tests share the demo server and may leave other pilots decided "scale up":
    # only this pilot's check is followed.
    check = page.locator('[data-check="scale_up_without_action"]', has_text=PILOT_TITLE)
    assert check.count() == 1
    shot(page, "roadmap-edit-before")

    page.locator("#id_actions-ADD").click()
    index = int(page.locator("#id_actions-TOTAL_FORMS").input_value()) - 1
    form = f"#id_actions-{index}"
    page.locator(f"{form}-what").fill("Address the whole of Commune IV")
    page.locator(f"{form}-pilot").select_option(label="Street addresses in Commune IV")
    page.locator(f"{form}-lead").fill("Urban planning department")
    page.locator(f"{form}-partner_civil_society").check()
    page.locator(f"{form}-start").fill("2022-05-01")
    page.locator(f"{form}-end").fill("2023-04-30")
    page.locator(f"{form}-budget").fill("42000")
    page.locator(f"{form}-funding_source").fill("Municipal budget and AFD")
    page.keyboard.press("Escape")  # close the date picker
    # Saved from the keyboard: on a busy machine the date picker can open late, after the
    # Escape, and cover the button from the pointer.
    page.get_by_role("button", name="Save").first.press("Enter")
    page.get_by_text("updated").first.wait_for()

    page.goto(f"{base}/admin/workspace/")
    page.get_by_role("link", name="Build your roadmap").click()
    page.wait_for_url("**/roadmap/roadmap/edit/**")
    assert check.count() == 0
    shot(page, "roadmap-edit-after")
    context.close()

    visitor = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = visitor.new_page()
    page.goto(f"{base}/en/roadmaps/bamako/")
    rows = page.locator("table.stack tbody th", has_text="Address the whole of Commune IV")
    assert rows.count() == 1  # saved once
    check = page.locator('[data-check="scale_up_without_action"]', has_text=PILOT_TITLE)
    assert check.count() == 0
    assert Axe().run(page).violations_count == 0
    shot(page, "roadmap-bamako-en")
    page.goto(f"{base}/fr/roadmaps/")
    assert "Couches de la ville numérique" in page.locator("main").inner_text()
    assert Axe().run(page).violations_count == 0
    shot(page, "roadmaps-fr")
    page.goto(f"{base}/fr/roadmaps/kumasi/")
    shot(page, "roadmap-kumasi-fr")
    visitor.close()
