"""`tremplin bench_data --scale …`: the scale data generator of bench/ (source checkout only).

Same as `python -m bench.generate`; it writes only into a PostgreSQL database whose name
contains `bench` (bench_<scale> by default), never into the one configured for Tremplin.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Remplit une base PostgreSQL de banc d'essai (nom contenant « bench ») de données synthétiques."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="small")
        parser.add_argument("--database")
        parser.add_argument("--seed", type=int, default=20240901)

    def handle(self, *args, scale, database, seed, **options):
        checkout = settings.BASE_DIR.parent
        if not (checkout / "bench" / "generate.py").exists():
            raise CommandError("bench/ n'existe que dans une copie des sources de Tremplin.")
        if str(checkout) not in sys.path:
            sys.path.insert(0, str(checkout))
        import subprocess

        command = [sys.executable, "-m", "bench.generate", "--scale", scale, "--seed", str(seed)]
        if database:
            command += ["--database", database]
        # A separate process: the generator points Django at the bench database itself.
        result = subprocess.run(command, cwd=checkout)
        if result.returncode:
            raise CommandError(f"échec du générateur (code {result.returncode})")
