from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from network.backup import BackupError, restore_read

from .backup import rich_progress


class Command(BaseCommand):
    help = (
        "Bring a backup archive into an empty (freshly migrated) database, then apply the "
        "erasure ledger again."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archive written by manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the content of a database that is not empty.",
        )

    def handle(self, *args, path, force=False, **options):
        if not Path(path).is_file():
            raise CommandError(f"No archive at {path}.")
        try:
            with rich_progress(options["verbosity"] == 0) as progress:
                manifest = restore_read(path=Path(path), force=force, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        records = sum(manifest["records"].values())
        self.stdout.write(
            f"Restored {records} records and {len(manifest['files']) - 1} files "
            f"from {manifest['created_at']}; {manifest['erasures_applied']} erasures applied again."
        )
