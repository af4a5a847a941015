from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from network.backup import archived_files, backup_write


@contextmanager
def rich_progress(quiet: bool):
    """A ``progress(description, total)`` factory drawing rich progress bars (none if quiet).

    The bars go to stderr, so that the command's report on stdout stays one line to read."""
    if quiet:
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True)) as bars:

        def progress(description, total):
            task = bars.add_task(description, total=total)
            return lambda: bars.advance(task)

        yield progress


class Command(BaseCommand):
    help = (
        "Write the database's content (one consistent snapshot, taken while Baobab runs) and "
        "the media files to one archive, with checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Archive to write (default: var/backups/baobab-<date>.tar.gz).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Database to back up (default: the default one).",
        )

    def handle(self, *args, path=None, database=DEFAULT_DB_ALIAS, **options):
        if path is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = settings.VAR_DIR / "backups" / f"baobab-{stamp}.tar.gz"
        path = Path(path)
        with rich_progress(options["verbosity"] == 0) as progress:
            manifest = backup_write(path=path, progress=progress, using=database)
        self.stdout.write(
            _("Backup written to %(path)s: %(records)s records, %(files)s files.")
            % {
                "path": path,
                "records": sum(manifest["records"].values()),
                "files": len(archived_files(manifest)),
            }
        )
