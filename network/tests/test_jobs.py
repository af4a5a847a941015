"""Jobs: the long work a user asked for, its progress, its failure, its file for its owner alone;
and the same work run for real by a database worker."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from baobab.exceptions import NotFound
from network.jobs import (
    job_fail,
    job_finish,
    job_for_user,
    job_progress,
    job_run,
    job_start,
    jobs_for_user,
)
from network.models import Job

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def user(name):
    return get_user_model().objects.get(username=name)


def test_a_job_reports_its_progress_then_its_file(db):
    owner = user("bamako")
    job = job_start(kind="report", owner=owner, actor=owner)
    assert job.status == Job.Status.QUEUED and job.percent == 0

    job_progress(job, 3, 12, message="rows")
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (Job.Status.RUNNING, 3, 12, 25)

    job_finish(job, file="a,b\n1,2\n", name="report.csv")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.percent == 100 and job.finished
    assert job.file_name == "report.csv"
    with job.file.open("rb") as file:
        assert file.read() == b"a,b\n1,2\n"


def test_a_failing_job_records_its_error(db):
    owner = user("bamako")
    job = job_start(kind="report", owner=owner, actor=owner)

    def work(job):
        job_progress(job, 1, 2)
        raise ValueError("the rates are missing")

    job = job_run(job.pk, work)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.finished
    assert "ValueError: the rates are missing" in job.error
    assert not job.file

    job_fail(job, "stopped")
    job.refresh_from_db()
    assert job.error == "stopped"


def test_a_job_is_its_owners_alone(login):
    owner, other = user("bamako"), user("lagos")
    job = job_start(kind="report", owner=owner, actor=owner)
    job_finish(job, file=b"secret", name="report.csv")

    assert job_for_user(user=owner, pk=job.pk) == job
    with pytest.raises(NotFound):
        job_for_user(user=other, pk=job.pk)
    assert list(jobs_for_user(user=other)) == []

    for persona in ("lagos", "secretariat", "expert"):
        client = login(persona)
        assert client.get(reverse("network_job", args=[job.pk])).status_code == 404
        assert client.get(reverse("network_job_file", args=[job.pk])).status_code == 404
        listing = client.get(reverse("network_jobs")).content.decode()
        assert reverse("network_job", args=[job.pk]) not in listing

    client = login("bamako")
    listing = client.get(reverse("network_jobs"))
    assert reverse("network_job_file", args=[job.pk]) in listing.content.decode()
    download = client.get(reverse("network_job_file", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"secret"
    assert 'filename="report.csv"' in download["Content-Disposition"]


def test_a_running_job_page_refreshes_itself_and_a_finished_one_does_not(login):
    owner = user("bamako")
    job = job_start(kind="report", owner=owner, actor=owner)
    client = login("bamako")
    page = BeautifulSoup(client.get(reverse("network_job", args=[job.pk])).content, "html.parser")
    assert page.select_one('meta[http-equiv="refresh"]')
    assert not page.select_one("a[href$='/file/']")

    job_finish(job, file=b"x", name="x.csv")
    page = BeautifulSoup(client.get(reverse("network_job", args=[job.pk])).content, "html.parser")
    assert not page.select_one('meta[http-equiv="refresh"]')
    assert page.select_one("a[href$='/file/']")


@pytest.fixture
def worker_in_test_transaction(monkeypatch):
    """``db_worker`` in-process, inside the test's transaction.

    On SQLite the worker opens its own ``BEGIN EXCLUSIVE``, which SQLite refuses within the
    test's transaction, and closes connections between tasks, which would end that transaction:
    here it takes the path it takes on PostgreSQL (``transaction.atomic``) and keeps the
    connection."""
    from django.db import transaction
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "exclusive_transaction", lambda using: transaction.atomic(using))
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run


@override_settings(TASKS=DATABASE_TASKS)
def test_the_database_worker_draws_the_strategy_pdf(login, worker_in_test_transaction):
    from django_tasks_db.models import DBTaskResult

    client = login("secretariat")
    response = client.get("/admin/knowledge/strategy.pdf")
    assert response.status_code == 302
    job = Job.objects.get(owner=user("secretariat"))
    # Waiting in the database for a worker.
    assert job.status == Job.Status.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page

    worker_in_test_transaction()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.file_name == "knowledge-strategy.pdf"
    with job.file.open("rb") as file:
        assert file.read(5) == b"%PDF-"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_audit_trail_export_is_a_task_holding_the_filtered_rows(login, secretariat):
    from network.models import AuditLogEntry, City

    bamako = City.objects.get(slug="bamako")
    AuditLogEntry.objects.log_action(bamako, "wagtail.edit", user=secretariat)
    client = login("secretariat")
    response = client.get(reverse("audit_trail:index"), {"export": "csv", "city": bamako.pk})
    assert response.status_code == 302
    job = Job.objects.get(owner=secretariat, kind="audit_trail_export")
    assert response["Location"] == reverse("network_job", args=[job.pk])
    assert job.status == Job.Status.DONE, job.error
    assert job.file_name == "audit-trail.csv"
    download = client.get(reverse("network_job_file", args=[job.pk]))
    rows = b"".join(download.streaming_content).decode().splitlines()
    assert rows[0].startswith("Timestamp")
    assert len(rows) == 1 + AuditLogEntry.objects.filter(city=bamako).count()
    assert all("Bamako" in row for row in rows[1:])


def test_a_user_starts_their_own_jobs_only(db):
    from baobab.exceptions import SYSTEM, NotAllowed

    with pytest.raises(NotAllowed):
        job_start(kind="report", owner=user("bamako"), actor=user("lagos"))
    assert job_start(kind="report", owner=user("bamako"), actor=SYSTEM).owner == user("bamako")


def test_production_queues_tasks_in_the_database_unless_told_otherwise():
    from baobab.tests.test_settings import GOOD_KEY, manage

    show = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    env = {"BAOBAB_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "b.example.org"}
    result = manage("shell", "--no-imports", "-c", show, **env)
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend", result.stderr
    result = manage("shell", "--no-imports", "-c", show, **env, TASKS_BACKEND="immediate")
    assert result.stdout.strip() == "django_tasks.backends.immediate.ImmediateBackend"
    assert (
        manage("shell", "--no-imports", "-c", show, BAOBAB_ENV="demo")
        .stdout.strip()
        .endswith("ImmediateBackend")
    )
    refused = manage("shell", "--no-imports", "-c", show, **env, TASKS_BACKEND="celery")
    assert refused.returncode != 0
    assert "TASKS_BACKEND must be database or immediate" in refused.stderr
