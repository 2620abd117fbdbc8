"""Every table that refers to a user is part of the account's export and of its deletion.

The tables are read from the models' metadata, not listed by hand: add a model with a foreign key
to `users` and this test fails until app/services/account_data.py exports its rows and says what
deleting the account does to them.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlalchemy import func, select

from app import db
from app.auth.models import User
from app.services.account_data import (
    EXPORT_SECTIONS,
    ON_ACCOUNT_DELETION,
    delete_account,
    export_user,
    user_columns,
)
from tests.conftest import PASSWORD


def test_every_table_referring_to_users_is_exported() -> None:
    tables = {table.name for table in user_columns()} | {"users"}
    missing = sorted(tables - set(EXPORT_SECTIONS))
    assert not missing, f"tables with a foreign key to users but absent from EXPORT_SECTIONS: {missing}"
    stale = sorted(set(EXPORT_SECTIONS) - tables)
    assert not stale, f"EXPORT_SECTIONS names tables that no longer refer to users: {stale}"


def test_every_table_referring_to_users_has_a_deletion_rule() -> None:
    tables = {table.name for table in user_columns()}
    missing = sorted(tables - set(ON_ACCOUNT_DELETION))
    assert not missing, f"tables with a foreign key to users but no ON_ACCOUNT_DELETION rule: {missing}"
    assert set(ON_ACCOUNT_DELETION.values()) <= {"delete", "detach"}


def test_the_export_has_a_section_for_every_table(app: Flask, make_user: Callable[..., User]) -> None:
    document = export_user(make_user("lea"))
    missing = sorted(set(EXPORT_SECTIONS.values()) - set(document))
    assert not missing, f"export_user's document lacks the sections {missing}"


def test_after_deletion_no_row_refers_to_the_account(app: Flask, make_user: Callable[..., User]) -> None:
    user = make_user("lea")
    user_id = user.id
    delete_account(user, PASSWORD)
    for table, columns in user_columns().items():
        for column in columns:
            left = db.session.scalar(select(func.count()).select_from(table).where(column == user_id))
            assert left == 0, f"{table.name}.{column.name} still refers to the deleted account ({left} rows)"
