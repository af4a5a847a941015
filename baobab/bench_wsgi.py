"""What `make bench` serves: the site (baobab.bench_settings), and the bare view twice, through
Baobab's middleware and through none, from the same process."""

import os

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baobab.bench_settings")

from baobab.wsgi import application as site

WITHOUT_MIDDLEWARE = "/bench/bare-without-middleware/"


class BareHandler(WSGIHandler):
    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


bare = BareHandler()


def application(environ, start_response):
    if environ.get("PATH_INFO") == WITHOUT_MIDDLEWARE:
        return bare(environ, start_response)
    return site(environ, start_response)
