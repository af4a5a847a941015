from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from network.backup import BackupError, archived_files, restore_read

from .backup import rich_progress


class Command(BaseCommand):
    help = (
        "Check a backup archive, bring it into an empty (freshly migrated) database of either "
        "engine, apply the erasure ledger again and rebuild the search index."
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
            raise CommandError(_("No archive at %(path)s.") % {"path": path})
        try:
            with rich_progress(options["verbosity"] == 0) as progress:
                manifest = restore_read(path=Path(path), force=force, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Restored %(records)s records and %(files)s files from %(created_at)s; "
                "%(erasures)s erasures applied again."
            )
            % {
                "records": sum(manifest["records"].values()),
                "files": len(archived_files(manifest)),
                "created_at": manifest["created_at"],
                "erasures": manifest["erasures_applied"],
            }
        )
