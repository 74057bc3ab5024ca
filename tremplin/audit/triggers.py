"""SQL triggers that make the access log append-only, on PostgreSQL and SQLite.

Updates are always refused; deletions only for rows older than the retention period
(one year, CNIL). Installed by migration audit.0002.
"""

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION audit_accesslog_guard() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION 'audit_accesslog is append-only';
        END IF;
        IF OLD.at > now() - interval '366 days' THEN
            RAISE EXCEPTION 'audit_accesslog rows are kept for one year';
        END IF;
        RETURN OLD;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER audit_accesslog_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_guard();
    """,
    """
    CREATE OR REPLACE FUNCTION audit_accesslog_no_truncate() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit_accesslog is append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER audit_accesslog_no_truncate
    BEFORE TRUNCATE ON audit_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accesslog_no_truncate();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accesslog_append_only ON audit_accesslog;",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_truncate ON audit_accesslog;",
    "DROP FUNCTION IF EXISTS audit_accesslog_guard();",
    "DROP FUNCTION IF EXISTS audit_accesslog_no_truncate();",
]

SQLITE = [
    """
    CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog
    BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;
    """,
    """
    CREATE TRIGGER audit_accesslog_no_early_delete BEFORE DELETE ON audit_accesslog
    WHEN OLD.at > strftime('%Y-%m-%d %H:%M:%f', 'now', '-366 days')
    BEGIN SELECT RAISE(ABORT, 'audit_accesslog rows are kept for one year'); END;
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_update;",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_early_delete;",
]


STATEMENTS = {"postgresql": POSTGRESQL, "sqlite": SQLITE}
REVERSE = {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in STATEMENTS.get(connection.vendor, []):
            cursor.execute(statement)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for statement in REVERSE.get(connection.vendor, []):
            cursor.execute(statement)
