"""Bench databases: names, the safety check, creation, and Django pointed at them.

Every bench database lives on the local PostgreSQL server and its name contains `bench`:
the generator refuses any other name, so that it can never write into real data.
"""

import os
import re

import psycopg

SERVER_URL = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
_SAFE_NAME = re.compile(r"^[a-z0-9_]+$")


class NotABenchDatabase(Exception):
    """Raised before anything is written into a database whose name lacks `bench`."""


def check_bench_name(name: str) -> str:
    if "bench" not in name or not _SAFE_NAME.match(name):
        raise NotABenchDatabase(
            f"refusing database {name!r}: the generator only writes into a database whose "
            "name contains 'bench' (lower case letters, digits, underscores)"
        )
    return name


def database_name(scale: str) -> str:
    return f"bench_{scale}"


def database_url(name: str) -> str:
    return f"{SERVER_URL}/{check_bench_name(name)}"


def create_database(name: str, *, fresh: bool) -> None:
    """Create the database if missing; with `fresh`, drop it first."""
    check_bench_name(name)
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def database_exists(name: str) -> bool:
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as conn:
        return bool(
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        )


def use_database(name: str, *, settings_module: str = "bench.settings") -> None:
    """Point Django at the bench database (call before django.setup())."""
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ.setdefault("CONN_MAX_AGE", "600")
