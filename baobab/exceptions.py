"""What the domain answers when it refuses: not found, not allowed, not valid. Services and
permission helpers raise these, never an HTTP response or Django's Http404/PermissionDenied;
``baobab.errors`` maps them to HTTP in one place (a page in the user's language, or JSON under
/api/).

``SYSTEM`` is the actor of the writes no person makes (the demo loader, management commands,
workflow steps): every service takes an actor, a user or SYSTEM, so that "nobody" is never a
way round the checks."""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A refusal of the domain. ``message`` is shown to the user when given, else the adapter's
    own words for the status."""

    def __init__(self, message=None, *args):
        super().__init__(*(args if message is None else (message, *args)))
        self.message = message


class NotFound(DomainError):
    """No such record, or one the actor may not know exists (another city's): a 404."""


class NotAllowed(DomainError):
    """The actor's role may not do this: a 403."""


class Invalid(ValidationError, DomainError):
    """Bad input: a 400 with ``message`` and, optionally, ``field_errors`` ({field: [messages]}).

    A ValidationError too, so that forms show it like their own errors."""

    def __init__(self, message, *, field_errors=None):
        self.field_errors = {
            field: [str(error) for error in (errors if isinstance(errors, list) else [errors])]
            for field, errors in (field_errors or {}).items()
        }
        ValidationError.__init__(self, self.field_errors or message)
        self.message = message


class _System:
    """The platform itself, acting for no person. Falsy, like no user, for code that only asks
    "is someone signed in"; the services check for it by identity (``actor is SYSTEM``)."""

    is_authenticated = False
    is_active = False
    is_superuser = False
    pk = None

    def __bool__(self):
        return False

    def __repr__(self):
        return "SYSTEM"


SYSTEM = _System()


def actor_user(actor):
    """The user account behind ``actor`` for logs and authorship: None for SYSTEM.

    Refuses a missing actor: a service is always told who acts."""
    if actor is SYSTEM:
        return None
    if actor is None:
        raise TypeError("An actor is required: a user, or baobab.exceptions.SYSTEM.")
    return actor
