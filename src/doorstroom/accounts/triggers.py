"""Database triggers that make the audit log append-only below the ORM as well.

The ORM guards (AuditEvent.save/delete, the queryset) stop the application; these stop a
raw UPDATE or DELETE, an admin tool or a mistaken script. The one exception is retention: a
DELETE of a row older than the cutoff of an `AuditPurgePermit` in the same transaction
(accounts.audit.purge_before writes the permit and removes it before committing). The migration installs them
everywhere; the test suite drops them once after creating its database (Django empties
tables between transactional tests), and the test of the triggers puts them back inside its
own transaction.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

MESSAGE = "Het auditlog is alleen-toevoegen: wijzigen en verwijderen kan niet."

PERMITTED = "EXISTS (SELECT 1 FROM accounts_auditpurgepermit p WHERE OLD.at < p.cutoff)"
SQLITE = [
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_update",
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_delete",
    f"CREATE TRIGGER accounts_auditevent_no_update BEFORE UPDATE ON accounts_auditevent "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER accounts_auditevent_no_delete BEFORE DELETE ON accounts_auditevent "
    f"WHEN NOT {PERMITTED} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION accounts_auditevent_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP = 'DELETE' THEN IF {PERMITTED} THEN RETURN OLD; END IF; END IF; "
    f"RAISE EXCEPTION '{MESSAGE}'; END $$",
    "DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent",
    "CREATE TRIGGER accounts_auditevent_append_only BEFORE UPDATE OR DELETE ON accounts_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_append_only()",
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_truncate ON accounts_auditevent",
    "CREATE TRIGGER accounts_auditevent_no_truncate BEFORE TRUNCATE ON accounts_auditevent "
    "FOR EACH STATEMENT EXECUTE FUNCTION accounts_auditevent_append_only()",
]


def install_append_only_triggers(connection: BaseDatabaseWrapper) -> None:
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS accounts_auditevent_no_update",
        "DROP TRIGGER IF EXISTS accounts_auditevent_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent",
        "DROP TRIGGER IF EXISTS accounts_auditevent_no_truncate ON accounts_auditevent",
        "DROP FUNCTION IF EXISTS accounts_auditevent_append_only()",
    ],
}


def drop_append_only_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, []):
            cursor.execute(statement)
