"""Structured logs: one JSON object a line, which a log collector reads without parsing prose.

``RequestLogMiddleware`` writes one line per request (method, path, status, duration, the user
and their city), on the ``baobab.requests`` logger, at INFO: production keeps it (settings), the
demo and the tests leave it quiet. ``JsonFormatter`` is the console's format in production, so
the errors Django logs (``django.request``) come out as JSON lines too, with their traceback.
"""

import json
import logging
import time
from datetime import UTC, datetime

logger = logging.getLogger("baobab.requests")

FIELDS = ("method", "path", "status", "duration_ms", "user_id", "city_id")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        # The city only when the request read the person already (network.permissions keeps it
        # on the user): a log line costs no query.
        person = getattr(user, "_baobab_person", None) if signed_in else None
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if signed_in else None,
                "city_id": getattr(person, "city_id", None),
            },
        )
        return response
