"""Headers: a strict Content-Security-Policy on the site, the admin's few relaxations on
/admin/ only, and the production cookie names, HSTS and second-step requirement."""

import json

from django.urls import reverse

from baobab.middleware import with_nonce_on_start_scripts
from baobab.tests.test_settings import GOOD_KEY, manage
from experiments.models import Pilot


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


def test_the_admin_relaxes_only_styles_and_signs_wagtails_start_scripts(secretariat_client):
    policy = directives(secretariat_client.get(reverse("wagtailadmin_home")))
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "script-src" not in policy
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    pilot = Pilot.objects.filter(indicators__isnull=False).first()
    form = secretariat_client.get(f"/admin/snippets/experiments/pilot/edit/{pilot.pk}/")
    script_src = directives(form)["script-src"]
    assert script_src[0] == "'self'" and len(script_src) == 2
    nonce = script_src[1].removeprefix("'nonce-").removesuffix("'")
    html = form.content.decode()
    assert f'<script nonce="{nonce}">' in html and "new InlinePanel(" in html
    # Every inline script of the form is one of Wagtail's, and signed.
    assert "<script>" not in html


def test_only_wagtails_start_scripts_get_the_nonce():
    for widget in (
        '<script>initDateChooser("id_go_live_at", {"dayOfWeekStart": 0});</script>',
        '<script>new PageChooser("id_page", {"modalUrl": "/admin/choose-page/"});</script>',
        '<script>createTaskChooser("id_task");</script>',
        "<script>\n (function() {\n var panel = new InlinePanel("
        'JSON.parse("{\\u0022a\\u0022: 1}"));\n })();\n</script>',
    ):
        signed, found = with_nonce_on_start_scripts(widget, "abc")
        assert found and signed.startswith('<script nonce="abc">'), widget
    for injected in (
        "<script>alert(1)</script>",
        '<script>initDateChooser("x", {});alert(1)</script>',
        '<script>initDateChooser("x", {}); fetch("//evil"); f("y", {});</script>',
        '<script>new SnippetChooser("id", {"a": "</script><script>alert(1)"});</script>',
        '<script>new PageChooser("x", {}, alert(1));</script>',
        '<script>(function() { var panel = new InlinePanel(JSON.parse("x"+alert(1)+"")); })();'
        "</script>",
        '<script src="/static/x.js" onload="alert(1)">initDateChooser("x", {});</script>',
    ):
        assert with_nonce_on_start_scripts(injected, "abc") == (injected, False), injected


def test_only_the_preview_may_be_framed_and_only_by_the_admin(secretariat_client):
    from wagtail.models import Page

    page = Page.objects.filter(depth=3).first()
    assert directives(secretariat_client.get(f"/admin/pages/{page.pk}/edit/"))[
        "frame-ancestors"
    ] == ["'none'"]
    preview = secretariat_client.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert directives(preview)["frame-ancestors"] == ["'self'"]


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
