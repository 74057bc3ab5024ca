"""Timings of retention at scale: `.venv/bin/python bench/retention.py [--scale national]`.

On a bench database (`make bench-data SCALE=…`), prints how long the nightly review takes
(what `tremplin apply_retention --dry-run` computes: every file no structure follows any
more, its last activity over every holder of the inventory), the review of the largest
structure's page (« Conservation des dossiers », with the 90 days ahead), and the
anonymisation of one due file, in a transaction rolled back (nothing changes).
"""

import argparse
import contextlib
import datetime
import statistics
import sys
import time


class _Counter:
    count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextlib.contextmanager
def counted():
    """Count the queries run inside (no cap, unlike Django's debug log)."""
    from django.db import connection

    counter = _Counter()
    with connection.execute_wrapper(counter):
        yield counter


def main(argv=None) -> int:
    sys.path.insert(0, ".")
    from bench import db

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small")
    args = parser.parse_args(argv)
    name = db.database_name(args.scale)
    db.check_bench_name(name)
    if not db.database_exists(name):
        print(f"no database {name}: run `make bench-data SCALE={args.scale}` first")
        return 2
    db.use_database(name)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from tremplin.people.models import Follow, Person
    from tremplin.privacy import retention

    call_command("migrate", verbosity=0, interactive=False)
    people = Person.objects.count()
    closed = Person.objects.exclude(follows__ended_on__isnull=True).count()
    print(f"database {name}: {people:,} people, {closed:,} with no open follow")

    started = time.perf_counter()
    with counted() as queries:
        states = retention.review()
    elapsed = time.perf_counter() - started
    held = sum(1 for s in states if s.held)
    print(
        f"nightly review: {elapsed:.1f} s, {queries.count:,} queries, "
        f"{len(states):,} files due ({held:,} held)"
    )

    largest = Follow.objects.values("structure_id").annotate(n=Count("id")).order_by("-n").first()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        page = retention.review(structure_id=largest["structure_id"], horizon_days=90)
        timings.append(time.perf_counter() - started)
    print(
        f"page review, structure of {largest['n']:,} follows: median {statistics.median(timings):.2f} s "
        f"over 3 runs, {len(page):,} files due or due within 90 days"
    )

    # The generated data is recent: seen from four years later, every ended file is due
    # and none is ruled out early (the review's worst case).
    later = timezone.localdate() + datetime.timedelta(days=4 * 365)
    started = time.perf_counter()
    with counted() as queries:
        states = retention.review(today=later)
    elapsed = time.perf_counter() - started
    print(
        f"nightly review seen from {later:%Y-%m-%d}: {elapsed:.1f} s, {queries.count:,} queries, "
        f"{len(states):,} files due"
    )

    free = [s for s in states if not s.held]
    if free:
        started = time.perf_counter()
        with transaction.atomic():
            with counted() as queries:
                record = retention.anonymise(free[0].person_id, today=later)
            transaction.set_rollback(True)
        elapsed = time.perf_counter() - started
        print(
            f"anonymisation of one file: {elapsed * 1000:.0f} ms, {queries.count} queries, "
            f"{sum(record.erased.values())} rows erased (rolled back)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
