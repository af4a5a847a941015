"""The network app's tasks: outgoing e-mail, sent by a worker rather than within the request."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def mail_send(*, subject: str, message: str, recipient_list: list[str]) -> int:
    return send_mail(
        subject=subject, message=message, from_email=None, recipient_list=recipient_list
    )
