"""In a real browser: no page of the site or the admin breaks the Content-Security-Policy, and a
city coordinator turns on two-step verification, then signs in with a recovery code."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp

from baobab.tests.browser import shot

pytestmark = pytest.mark.browser

PUBLIC = ["/en/", "/fr/", "/en/cities/", "/fr/cities/kumasi/", "/pt/programme/"]
ADMIN = [
    "/admin/",
    "/admin/snippets/network/city/",
    "/admin/snippets/network/person/",
    "/admin/snippets/network/city/edit/{city}/",
    "/admin/pages/{page}/edit/",
    "/admin/pages/",
    "/admin/documents/",
    "/admin/two-step/",
    "/admin/account/",
]
# Violations also reach the console; the event catches any the console would not show.
LISTEN = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
});
"""


def sign_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("baobab-demo")
    page.locator("button[type=submit]").click()


def test_no_page_breaks_the_content_security_policy(demo_server, browser):
    base = demo_server.url
    context = browser.new_context(locale="en-GB")
    context.add_init_script(LISTEN)
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text or "CSP violation" in m.text
            else None
        ),
    )
    for path in PUBLIC:
        assert page.goto(base + path).status == 200
        page.wait_for_load_state("networkidle")
    sign_in(page, base, "secretariat")
    page.wait_for_url(f"{base}/admin/")
    page.goto(f"{base}/admin/snippets/network/city/?q=Kumasi")
    city = re.search(r"/city/edit/(\d+)/", page.content()).group(1)
    page.goto(f"{base}/admin/pages/")
    explorer = page.content()
    page_id = re.findall(r"/admin/pages/(\d+)/edit/", explorer)[0]
    for path in ADMIN:
        response = page.goto(base + path.format(city=city, page=page_id))
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert "default-src 'self'" in response.headers["content-security-policy"]
    shot(page, "trust-admin-account")
    # The rich text editor works under the policy: it shows its toolbar.
    page.goto(base + f"/admin/pages/{page_id}/edit/")
    page.wait_for_load_state("networkidle")
    shot(page, "trust-page-editor")
    assert not violations, "\n".join(violations)
    context.close()


def code_from_key(key: str) -> str:
    """What the person's authenticator app shows for the key on the page."""
    return f"{totp(b32decode(key), step=30, t0=0, digits=6):06d}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_coordinator_turns_on_two_step_verification(demo_server, browser, language):
    base = demo_server.url
    username = "bamako" if language == "en" else "lagos"
    context = browser.new_context(locale="en-GB" if language == "en" else "fr-FR")
    page = context.new_page()
    sign_in(page, base, username)
    page.wait_for_url(f"{base}/admin/")
    page.goto(f"{base}/admin/account/")
    page.locator("[role=tab]").last.click()  # "More actions"
    page.locator("a[href='/admin/two-step/']").click()
    page.locator("figure svg").wait_for()
    key = page.locator("figcaption code").inner_text().strip()
    shot(page, f"trust-two-step-setup-{language}")
    page.locator("#id_code").fill(code_from_key(key))
    page.locator("form button[type=submit]").last.click()
    page.locator(".baobab-codes").wait_for()
    codes = [c.strip() for c in page.locator(".baobab-codes code").all_inner_texts()]
    assert len(codes) == 10
    shot(page, f"trust-recovery-codes-{language}")

    # Next sign-in, in a fresh session: the password is not enough.
    context.clear_cookies()
    sign_in(page, base, username)
    page.wait_for_url(re.compile(r".*/admin/two-step/verify/.*"))
    assert page.goto(f"{base}/admin/snippets/network/city/").url.startswith(
        f"{base}/admin/two-step/verify/"
    )
    shot(page, f"trust-two-step-verify-{language}")
    page.locator("#id_code").fill(codes[0])
    page.get_by_role("button", name=re.compile("Verify|Vérifier")).click()
    page.wait_for_url(re.compile(r".*/admin/snippets/network/city/$"))

    # Turned off again with another recovery code: the demo server is shared with other
    # browser tests that sign in as this coordinator with a password only.
    page.goto(f"{base}/admin/two-step/")
    page.locator("#id_code").fill(codes[1])
    page.locator("button[value=off]").click()
    page.wait_for_url(f"{base}/admin/two-step/")
    page.locator("figure svg").wait_for()
    context.close()
