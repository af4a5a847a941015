"""Production refuses an insecure configuration; a correct one passes Django's deploy checks."""

import subprocess
import sys

from django.conf import settings

GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


def manage(*args, **env):
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "baobab.settings"}
    base["BAOBAB_VAR_DIR"] = str(settings.VAR_DIR)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**base, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", BAOBAB_ENV="production", ALLOWED_HOSTS="baobab.example.org")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_a_short_or_placeholder_secret_key():
    for key in ["changeme", "django-insecure-" + "x" * 60]:
        result = manage("check", BAOBAB_ENV="production", SECRET_KEY=key, ALLOWED_HOSTS="a.org")
        assert result.returncode != 0
        assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_debug_and_missing_hosts():
    result = manage("check", BAOBAB_ENV="production", SECRET_KEY=GOOD_KEY, DEBUG="1")
    assert "DEBUG must be off in production" in result.stderr
    result = manage("check", BAOBAB_ENV="production", SECRET_KEY=GOOD_KEY)
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deploy_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        BAOBAB_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="baobab.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_demo_generates_and_keeps_its_secret_key(tmp_path):
    for _ in range(2):
        result = manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY)",
            BAOBAB_ENV="demo",
            BAOBAB_VAR_DIR=str(tmp_path),
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == (tmp_path / "secret_key").read_text().strip()
    assert len((tmp_path / "secret_key").read_text().strip()) >= 50


def test_the_wsgi_application_defaults_to_production():
    result = subprocess.run(
        [sys.executable, "-c", "import baobab.wsgi"],
        env={"PATH": "/usr/bin:/bin", "BAOBAB_VAR_DIR": str(settings.VAR_DIR)},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_a_cache_of_each_process_its_own(tmp_path):
    # No environment variable picks such a cache: a settings module edited to use one.
    (tmp_path / "local_settings.py").write_text(
        "from baobab.settings import *  # noqa\n"
        "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}\n"
    )
    env = {
        "BAOBAB_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "baobab.example.org",
        "DJANGO_SETTINGS_MODULE": "local_settings",
        "PYTHONPATH": f"{tmp_path}:{settings.BASE_DIR}",
    }
    result = manage("check", **env)
    assert result.returncode != 0 and "website.E001" in result.stderr
    result = subprocess.run(
        [sys.executable, "-c", "import baobab.wsgi"],
        env={"PATH": "/usr/bin:/bin", "BAOBAB_VAR_DIR": str(settings.VAR_DIR), **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "website.E001" in result.stderr
