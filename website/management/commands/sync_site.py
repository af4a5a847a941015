from django.core.management.base import BaseCommand

from website.sites import default_site_sync


class Command(BaseCommand):
    help = "Point the default site at BASE_URL's host and port (migrate does it too)."

    def handle(self, *args, **options):
        site = default_site_sync()
        if site is None:
            self.stdout.write("No default site yet: nothing to change.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Default site: {site.root_url}"))
