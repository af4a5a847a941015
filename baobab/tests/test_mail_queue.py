"""Every e-mail leaves the request: the queued backend hands it to a task, and a worker sends
it, unchanged, through the delivery backend."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import override_settings

from baobab.mail import message_from_json, message_to_json
from network.tests.test_jobs import DATABASE_TASKS, worker_in_test_transaction  # noqa: F401

QUEUED = {
    "EMAIL_BACKEND": "baobab.mail.QueuedEmailBackend",
    "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


def test_a_message_crosses_the_queue_unchanged():
    message = EmailMultiAlternatives(
        subject="Atelier à Matola",
        body="Texte",
        from_email="secretariat@example.org",
        to=["a@example.org"],
        cc=["b@example.org"],
        bcc=["c@example.org"],
        reply_to=["d@example.org"],
        headers={"List-Unsubscribe": "<https://example.org/u/1>"},
        alternatives=[("<p>Texte</p>", "text/html")],
    )
    message.attach("atelier.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    again = message_from_json(message_to_json(message))
    assert message_to_json(again) == message_to_json(message)
    assert again.alternatives[0][0] == "<p>Texte</p>"
    assert again.attachments[0][0] == "atelier.ics"


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS, **QUEUED)
def test_a_password_reset_is_sent_by_the_worker_not_the_request(
    client,
    worker_in_test_transaction,  # noqa: F811
):
    from django_tasks_db.models import DBTaskResult

    person = get_user_model().objects.create_user(
        username="reader", email="reader@example.org", password="a long pass phrase 42"
    )
    response = client.post("/admin/password_reset/", {"email": person.email})
    assert response.status_code == 302
    # Queued in the database: the request sent nothing.
    assert mail.outbox == []
    queued = DBTaskResult.objects.get(task_path="baobab.mail.mail_deliver")
    assert queued.args_kwargs["kwargs"]["message"]["to"] == ["reader@example.org"]
    worker_in_test_transaction()
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
    assert "/admin/password_reset/confirm/" in mail.outbox[0].body


@pytest.mark.django_db
@override_settings(**QUEUED)
def test_with_tasks_run_at_once_the_message_goes_at_once(client):
    get_user_model().objects.create_user(
        username="reader", email="reader@example.org", password="a long pass phrase 42"
    )
    client.post("/admin/password_reset/", {"email": "reader@example.org"})
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
