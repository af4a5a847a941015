from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from network.backup import backup_write


@contextmanager
def rich_progress(quiet: bool):
    """A ``progress(description, total)`` factory drawing rich progress bars (none if quiet)."""
    if quiet:
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn()) as bars:

        def progress(description, total):
            task = bars.add_task(description, total=total)
            return lambda: bars.advance(task)

        yield progress


class Command(BaseCommand):
    help = "Write the database's content and the media files to one archive, with checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Archive to write (default: var/backups/baobab-<date>.tar.gz).",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = settings.VAR_DIR / "backups" / f"baobab-{stamp}.tar.gz"
        path = Path(path)
        with rich_progress(options["verbosity"] == 0) as progress:
            manifest = backup_write(path=path, progress=progress)
        records = sum(manifest["records"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(f"Backup written to {path}: {records} records, {files} files.")
