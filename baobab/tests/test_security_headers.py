"""Headers: a strict Content-Security-Policy on the site, the admin's few relaxations on
/admin/ only, and the production cookie names, HSTS and second-step requirement."""

import json

from django.urls import reverse

from baobab.middleware import widget_script_hashes
from baobab.tests.test_settings import GOOD_KEY, manage


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_public_pages_get_the_strict_policy_and_the_other_headers(client, db):
    for path in ("/en/", "/fr/cities/", "/pt/programme/", "/en/cities/kumasi/"):
        response = client.get(path)
        assert response.status_code == 200
        policy = directives(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert "script-src" not in policy and "style-src" not in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        # Nothing on the page needs more: no inline script, no style attribute.
        html = response.content.decode()
        assert "<script>" not in html and "<script " not in html
        assert "style=" not in html


def test_a_cached_page_keeps_its_headers(client, db):
    client.get("/en/")
    again = client.get("/en/")
    assert directives(again)["default-src"] == ["'self'"]


def test_the_admin_relaxes_only_styles_and_its_widget_scripts(secretariat_client):
    policy = directives(secretariat_client.get(reverse("wagtailadmin_home")))
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "script-src" not in policy
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    listing = secretariat_client.get(reverse("wagtailadmin_pages:search"))
    html = listing.content.decode()
    if "Chooser(" in html:
        assert all(h in directives(listing)["script-src"] for h in widget_script_hashes(html))


def test_only_widget_start_scripts_are_allowed_by_hash():
    widget = '<script>initDateChooser("id_go_live_at", {"dayOfWeekStart": 0});</script>'
    assert len(widget_script_hashes(widget)) == 1
    for injected in (
        "<script>alert(1)</script>",
        '<script>initDateChooser("x", {});alert(1)</script>',
        '<script>initDateChooser("x", {}); fetch("//evil")</script>',
        '<script>new SnippetChooser("id", {"a": "</script><script>alert(1)"});</script>',
    ):
        assert widget_script_hashes(injected) == []


def test_production_uses_host_only_cookies_and_requires_2fa_for_the_secretariat():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.REQUIRE_2FA_FOR_SECRETARIAT, "
        "s.SECURE_REFERRER_POLICY, s.SECURE_CONTENT_TYPE_NOSNIFF]))"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        BAOBAB_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="baobab.example.org",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == [
        "__Host-sessionid",
        "__Host-csrftoken",
        True,
        True,
        31536000,
        True,
        "same-origin",
        True,
    ]


def test_demo_and_test_do_not_require_2fa_by_default(settings):
    assert settings.REQUIRE_2FA_FOR_SECRETARIAT is False
