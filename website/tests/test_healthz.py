import subprocess
import sys

from django.conf import settings


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down():
    # A real process whose database cannot be reached: nothing is mocked.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode().strip())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "baobab.settings",
            "BAOBAB_ENV": "test",
            "BAOBAB_VAR_DIR": str(settings.VAR_DIR),
            "ALLOWED_HOSTS": "testserver",
            "LOG_LEVEL": "CRITICAL",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "503 database unavailable", result.stderr
