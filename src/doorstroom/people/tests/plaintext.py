"""What someone with the database file or a backup would read: every table, with plain SQL."""

from django.db import connection


def tables_holding(text: str) -> list[str]:
    """Every table with a column whose stored value contains `text`, read with plain SQL."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608  # nosec B608 (table names from the database itself)
            if any(text in str(value) for row in cursor.fetchall() for value in row):
                found.append(table)
    return found
