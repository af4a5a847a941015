from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress

from baobab.exceptions import SYSTEM
from demo import aston
from demo.services import demo_load


class Command(BaseCommand):
    help = "Load (or refresh) the ASToN demo data set: network, 11 cities, pages, demo accounts."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo data set and its shared password are not for production.")
        # On stderr, like backup's and restore's bars, so stdout keeps the report; -v0 for none.
        console = Console(stderr=True)
        with Progress(transient=True, console=console, disable=options["verbosity"] == 0) as bar:
            task = bar.add_task("Loading the ASToN demo", total=None)

            def progress(step, total, label):
                bar.update(task, completed=step, total=total, description=label)

            result = demo_load(actor=SYSTEM, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {result['network']} with {result['cities']} cities.")
        )
        self.stdout.write(
            f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/  login: {aston.ADMIN_USERNAME}"
            f"  password: {aston.DEMO_PASSWORD}"
        )
        others = ", ".join(p["username"] for p in aston.PEOPLE if p["username"] != "secretariat")
        self.stdout.write(f"Other demo accounts (same password): {others}")
