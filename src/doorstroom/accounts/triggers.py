"""Database triggers that keep records append-only below the ORM as well: the audit log
(never changed, never deleted but by retention), a case's history (never changed;
retention deletes it with its case) and a person's correction history (never changed, never
deleted but by retention, with its person).

The ORM guards (the models' save/delete, their querysets) stop the application; these stop a
raw UPDATE or DELETE, an admin tool or a mistaken script. The one exception is retention: a
DELETE of an audit row older than the cutoff of an `AuditPurgePermit` in the same transaction
(accounts.audit.purge_before writes the permit and removes it before committing), and of a
correction of a person named by a `people.RectificationPurgePermit` (retention.person_data
writes those for the persons it deletes, in the same way). The migrations install them
everywhere; the test suite drops the ones that refuse a DELETE once after creating its
database (Django empties tables between transactional tests), and the tests of the triggers
put them back inside their own transaction.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

MESSAGE = "Het auditlog is alleen-toevoegen: wijzigen en verwijderen kan niet."
AUDIT = "accounts_auditevent"
AUDIT_PURGE_PERMITTED = "EXISTS (SELECT 1 FROM accounts_auditpurgepermit p WHERE OLD.at < p.cutoff)"
CASE_HISTORY = "cases_caseentry"
CASE_HISTORY_MESSAGE = "De geschiedenis van een dossier kan niet worden gewijzigd."
RECTIFICATIONS = "people_rectification"
RECTIFICATIONS_MESSAGE = (
    "De correctiegeschiedenis is alleen-toevoegen: wijzigen en verwijderen kan niet."
)
RECTIFICATIONS_PURGE_PERMITTED = (
    "EXISTS (SELECT 1 FROM people_rectificationpurgepermit p WHERE p.person_id = OLD.person_id)"
)


def _install(
    table: str, message: str, *, deletes: bool, unless: str | None = None
) -> dict[str, list[str]]:
    """Statements per database that refuse UPDATE (and, with `deletes`, DELETE and TRUNCATE;
    a DELETE goes through where `unless` holds for the row). Installing again replaces them."""
    sqlite = [
        f"DROP TRIGGER IF EXISTS {table}_no_update",
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
    ]
    events = "UPDATE OR DELETE" if deletes else "UPDATE"
    let_through = (
        f"IF TG_OP = 'DELETE' THEN IF {unless} THEN RETURN OLD; END IF; END IF; " if unless else ""
    )
    postgresql = [
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {let_through}RAISE EXCEPTION '{message}'; END $$",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE {events} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
    ]
    if deletes:
        when = f"WHEN NOT {unless} " if unless else ""
        sqlite += [
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"{when}BEGIN SELECT RAISE(ABORT, '{message}'); END",
        ]
        postgresql += [
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
        ]
    return {"sqlite": sqlite, "postgresql": postgresql}


def _drop(table: str) -> dict[str, list[str]]:
    return {
        "sqlite": [
            f"DROP TRIGGER IF EXISTS {table}_no_update",
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
        ],
        "postgresql": [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_append_only()",
        ],
    }


def _execute(connection: BaseDatabaseWrapper, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)


def install_append_only_triggers(connection: BaseDatabaseWrapper) -> None:
    _execute(connection, _install(AUDIT, MESSAGE, deletes=True, unless=AUDIT_PURGE_PERMITTED))


def drop_append_only_triggers(connection: BaseDatabaseWrapper) -> None:
    _execute(connection, _drop(AUDIT))


def install_case_history_triggers(connection: BaseDatabaseWrapper) -> None:
    _execute(connection, _install(CASE_HISTORY, CASE_HISTORY_MESSAGE, deletes=False))


def drop_case_history_triggers(connection: BaseDatabaseWrapper) -> None:
    _execute(connection, _drop(CASE_HISTORY))


def install_rectification_triggers(connection: BaseDatabaseWrapper) -> None:
    _execute(
        connection,
        _install(
            RECTIFICATIONS,
            RECTIFICATIONS_MESSAGE,
            deletes=True,
            unless=RECTIFICATIONS_PURGE_PERMITTED,
        ),
    )


def drop_rectification_triggers(connection: BaseDatabaseWrapper) -> None:
    _execute(connection, _drop(RECTIFICATIONS))
