"""Bulk loading into the real models' tables with PostgreSQL `COPY`.

`Loader.copy(model, columns, rows)` streams rows into the model's table. Columns left out
get their model default, set for the time of the load as the column's database default so
that COPY does not carry them on every row. Secondary indexes and constraints of the tables
loaded are dropped on first use and rebuilt once at the end (`rebuild`), then the sequences
are moved past the ids written and the tables analysed.
"""

import json
import time
from datetime import datetime

from django.db import models
from psycopg import sql


def default_of(field: models.Field, now: datetime):
    """The value a column takes when the generator does not give one."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        value = field.get_default()
    elif field.null:
        return None
    elif isinstance(field, models.CharField | models.TextField):
        value = ""
    else:
        raise ValueError(f"{field.model.__name__}.{field.name} needs a value")
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    return value


class Loader:
    def __init__(self, conn, *, now: datetime, log=print):
        self.conn = conn
        self.now = now
        self.log = log
        self.deferred: dict[str, list[tuple[str, str]]] = {}
        self.counts: dict[str, int] = {}

    # --- indexes and constraints -----------------------------------------------------------

    def defer_indexes(self, table: str) -> None:
        """Drop the table's secondary indexes and constraints, to rebuild after the load."""
        if table in self.deferred:
            return
        cur = self.conn.cursor()
        saved: list[tuple[str, str]] = []
        constraints = cur.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'c', 'f') "
            "ORDER BY CASE contype WHEN 'f' THEN 1 ELSE 0 END",
            (table,),
        ).fetchall()
        for name, _kind, definition in constraints:
            saved.append(
                (
                    "constraint",
                    f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}',
                )
            )
            cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        indexes = cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.tablename = %s AND i.schemaname = 'public' AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')",
            (table,),
        ).fetchall()
        for name, definition in indexes:
            saved.insert(0, ("index", definition))
            cur.execute(f'DROP INDEX "{name}"')
        self.deferred[table] = saved

    def rebuild(self) -> None:
        """Rebuild what `defer_indexes` dropped: indexes first, then constraints."""
        cur = self.conn.cursor()
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        statements = [s for saved in self.deferred.values() for s in saved]
        ordered = [s for kind, s in statements if kind == "index"] + [
            s for kind, s in statements if kind == "constraint" and "FOREIGN KEY" not in s
        ]
        ordered += [s for kind, s in statements if kind == "constraint" and "FOREIGN KEY" in s]
        for statement in ordered:
            cur.execute(statement)
        self.conn.commit()
        self.deferred.clear()

    def finish(self, tables: list[str]) -> None:
        """Sequences past the ids written, then statistics for the planner."""
        cur = self.conn.cursor()
        for table in tables:
            seq = cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()[0]
            if seq:
                cur.execute(
                    sql.SQL("SELECT setval({}, GREATEST((SELECT max(id) FROM {}), 1))").format(
                        sql.Literal(seq), sql.Identifier(table)
                    )
                )
        self.conn.commit()
        self.conn.autocommit = True
        for table in tables:
            cur.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))
        self.conn.autocommit = False

    # --- rows ------------------------------------------------------------------------------

    def copy(self, model, columns: list[str], rows) -> int:
        """COPY `rows` (tuples in the order of `columns`) into the model's table."""
        table = model._meta.db_table
        self.defer_indexes(table)
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise ValueError(f"{table}: no such columns {sorted(unknown)}")
        cur = self.conn.cursor()
        defaults = []
        for column, field in fields.items():
            if column in columns or field.primary_key:
                continue
            value = default_of(field, self.now)
            if value is None:
                continue
            defaults.append(column)
            cur.execute(
                sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                    sql.Identifier(table), sql.Identifier(column), sql.Literal(value)
                )
            )
        start = time.perf_counter()
        count = 0
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with cur.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        for column in defaults:
            cur.execute(
                sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT").format(
                    sql.Identifier(table), sql.Identifier(column)
                )
            )
        self.conn.commit()
        self.counts[table] = self.counts.get(table, 0) + count
        self.log(f"  {table}: {count:,} rows in {time.perf_counter() - start:.1f} s")
        return count
