"""Long work a user asked for, run as a django-tasks task, with a record the user follows.

A view starts a job for the user who asks and enqueues a task that does the work and reports on
the job; the user is sent to the job's page (``network_job``), which refreshes itself while the
job runs and links to its file once it is done. In production the task waits in the database
for a ``manage.py db_worker`` process; in the demo and tests it runs at once, within the request.

The API, for any app::

    from django_tasks import task
    from network.jobs import job_enqueue, job_fail, job_finish, job_progress, job_run, job_start

    @task()
    def report_task(job_id: int) -> None:
        job_run(job_id, _report)  # marks it running, in the owner's language; failures recorded

    def _report(job):
        for done, row in enumerate(rows, 1):
            job_progress(job, done, len(rows))
        return content, "report.csv"  # job_run stores it with job_finish

    # In the view:
    job = job_start(kind="report", owner=request.user, actor=request.user)
    job_enqueue(report_task, job)
    return redirect(job_url(job))

- ``job_start(*, kind, owner, actor, language=None) -> Job``: a queued job (``language``
  defaults to the active one); ``actor`` is the owner or ``baobab.exceptions.SYSTEM``.
  ``kind`` names the work; ``job_kind_register(kind, label)`` gives it the label the user sees
  (a lazy translation); ``job_kind_label(kind)`` reads it.
- ``job_enqueue(task, job, **kwargs) -> Job``: enqueue ``task(job_id=job.pk, **kwargs)``, in
  the same transaction as the job (the immediate backend runs it now).
- ``job_url(job) -> str``: the job's page; ``tasks_run_at_once() -> bool``: the immediate
  backend is configured.

The writes below are the task's own (the platform's): they take no actor.

- ``job_progress(job, done, total=None, *, message="") -> Job``: running, ``done`` of ``total``.
- ``job_finish(job, *, file=None, name="", message="") -> Job``: done; ``file`` (bytes, str or a
  Django ``File``) stored under MEDIA_ROOT/jobs/, downloaded by its owner only as ``name``.
- ``job_fail(job, error) -> Job``: failed, with the error's text (an exception or a string).
- ``job_run(job_id, work) -> Job``: runs ``work(job)`` in the owner's language; if it returns
  ``(content, name)``, finishes the job with that file; if it raises, fails the job (and
  re-raises nothing: the job records the failure).
- ``job_for_user(*, user, pk) -> Job`` and ``jobs_for_user(*, user, limit=50)``: the reads;
  another user's job is ``NotFound``.
"""

import logging
import traceback
from collections.abc import Callable

from django.core.files.base import ContentFile, File
from django.urls import reverse
from django.utils import timezone, translation

from baobab.exceptions import SYSTEM, NotAllowed, NotFound

from .models import Job

logger = logging.getLogger(__name__)

KINDS: dict[str, str] = {}


def job_kind_register(kind: str, label) -> None:
    KINDS[kind] = label


def job_kind_label(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def job_start(*, kind: str, owner, actor, language: str | None = None) -> Job:
    if not getattr(owner, "is_authenticated", False):
        raise NotAllowed("A job belongs to a signed-in user.")
    if actor is not SYSTEM and getattr(actor, "pk", None) != owner.pk:
        # A user asks for their own work; only the platform files work under someone's name.
        raise NotAllowed("A user starts their own jobs only.")
    return Job.objects.create(
        owner=owner,
        kind=kind,
        language=language or translation.get_language() or "",
    )


def job_enqueue(task, job: Job, **kwargs) -> Job:
    # Enqueued in the same transaction as the job: a database worker cannot take the task before
    # the job exists, and the immediate backend runs it now, on the job just written.
    task.enqueue(job_id=job.pk, **kwargs)
    job.refresh_from_db()
    return job


def job_progress(job: Job, done: int, total: int | None = None, *, message: str = "") -> Job:
    job.status = Job.Status.RUNNING
    job.done = max(0, done)
    if total is not None:
        job.total = max(0, total)
    if message:
        job.message = message[:300]
    job.save(update_fields=["status", "done", "total", "message"])
    return job


def job_finish(job: Job, *, file=None, name: str = "", message: str = "") -> Job:
    if file is not None:
        if isinstance(file, str):
            file = file.encode()
        if isinstance(file, bytes):
            file = ContentFile(file)
        elif not isinstance(file, File):
            file = File(file)
        job.file.save(name or "result", file, save=False)
        job.file_name = name or "result"
    job.status = Job.Status.DONE
    if job.total:
        job.done = job.total
    if message:
        job.message = message[:300]
    job.finished = timezone.now()
    job.save()
    return job


def job_fail(job: Job, error) -> Job:
    if isinstance(error, BaseException):
        text = "".join(traceback.format_exception_only(type(error), error)).strip()
    else:
        text = str(error)
    job.status = Job.Status.FAILED
    job.error = text
    job.finished = timezone.now()
    job.save(update_fields=["status", "error", "finished"])
    return job


def job_run(job_id: int, work: Callable[[Job], tuple | None]) -> Job:
    job = Job.objects.get(pk=job_id)
    job_progress(job, 0)
    try:
        with translation.override(job.language or None):
            result = work(job)
    except Exception as error:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        return job_fail(job, error)
    if result is not None:
        content, name = result
        return job_finish(job, file=content, name=name)
    return job_finish(job)


def jobs_for_user(*, user, limit: int = 50):
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(owner=user)[:limit]


def job_for_user(*, user, pk) -> Job:
    job = Job.objects.filter(owner_id=getattr(user, "pk", None), pk=pk).first()
    if job is None:
        raise NotFound("No such task.")
    return job


def job_url(job: Job) -> str:
    return reverse("network_job", args=[job.pk])


def tasks_run_at_once() -> bool:
    """True when tasks run within the request that enqueues them (the immediate backend)."""
    from django_tasks import task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return isinstance(task_backends["default"], ImmediateBackend)
