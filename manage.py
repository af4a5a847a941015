#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baobab.settings")
    # Commands run from a checkout use the demo profile unless told otherwise; production sets
    # BAOBAB_ENV=production (and the WSGI entry point defaults to it).
    os.environ.setdefault("BAOBAB_ENV", "demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
