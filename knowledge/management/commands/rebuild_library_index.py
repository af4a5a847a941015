from django.core.management.base import BaseCommand

from knowledge import search


class Command(BaseCommand):
    help = "Write the library search index again from the knowledge items (knowledge.search)."

    def handle(self, *args, **options):
        count = search.rebuild()
        if options["verbosity"]:
            self.stdout.write(f"{count} item versions indexed.")
