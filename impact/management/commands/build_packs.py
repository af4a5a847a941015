"""Build the offline knowledge packs now: every network, each language it publishes in and all
of them (or the ones named). Run after deploying and from cron; publishing keeps them fresh."""

from django.core.management.base import BaseCommand, CommandError

from baobab.exceptions import SYSTEM
from impact.models import OfflinePack
from impact.pack import human_size
from impact.services import offline_pack_build
from network.models import Network


class Command(BaseCommand):
    help = "Build the offline knowledge packs (one ZIP per network and language, and 'all')."

    def add_arguments(self, parser):
        parser.add_argument("--network", help="a network's short name (default: every network)")
        parser.add_argument("--language", help="a language code, or 'all' (default: every one)")

    def handle(self, *args, network=None, language=None, **options):
        networks = Network.objects.all()
        if network:
            networks = networks.filter(slug=network)
            if not networks:
                raise CommandError(f"No network {network!r}.")
        failed = 0
        for item in networks:
            languages = [*item.languages, OfflinePack.ALL]
            if language:
                if language not in languages:
                    raise CommandError(f"{item.slug} does not publish in {language!r}.")
                languages = [language]
            for code in languages:
                pack = offline_pack_build(network=item, language=code, actor=SYSTEM)
                if pack.status == OfflinePack.Status.READY:
                    self.stdout.write(f"{pack}: {human_size(pack.size)}")
                else:
                    failed += 1
                    self.stderr.write(f"{pack}: {pack.status} {pack.error}")
        if failed:
            raise CommandError(f"{failed} pack(s) not built.")
