"""The knowledge app's long work, run as tasks: the strategy's PDF for whoever asks, and each
published item's PDF, drawn once per publish (see ``network.jobs`` and ``network.pdfs``)."""

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from network.jobs import job_kind_register, job_run

STRATEGY_PDF = "knowledge_strategy_pdf"
job_kind_register(STRATEGY_PDF, _("Knowledge strategy (PDF)"))


def _strategy_pdf(job):
    from . import documents, selectors

    content = documents.strategy_pdf_bytes(context=selectors.strategy_context())
    return content, "knowledge-strategy.pdf"


@task()
def strategy_pdf_task(job_id: int) -> None:
    job_run(job_id, _strategy_pdf)


@task()
def item_pdf_store(page_id: int) -> None:
    from network.pdfs import page_pdf

    from . import documents
    from .models import KnowledgeItemPage

    page = KnowledgeItemPage.objects.live().filter(pk=page_id).first()
    if page is not None:
        page_pdf(page, documents.item_pdf_bytes)


def item_published(sender, instance, **kwargs) -> None:
    from django.db import transaction

    from network.jobs import tasks_run_at_once

    # Drawn in the background by a worker; when tasks run at once (demo, tests) the first
    # reader draws it instead, so publishing does not wait for WeasyPrint.
    if not tasks_run_at_once():
        page_id = instance.pk
        transaction.on_commit(lambda: item_pdf_store.enqueue(page_id=page_id))
