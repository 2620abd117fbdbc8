"""Command-line tasks: `flask seed`, `flask create-admin`, and the `learnanything` launcher.

`flask seed` loads `data/initial_db_data.sql`; every statement is an idempotent
`INSERT … ON CONFLICT DO NOTHING`, so running it twice changes nothing and fails on nothing.
"""

from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .extensions import db
from .services.errors import DomainError
from .services.seeding import load_seed_file


def register_commands(app: Flask) -> None:
    """Attach the commands to `app.cli`."""
    app.cli.add_command(seed_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(set_role_command)


@click.command("seed")
@click.option("--force", is_flag=True, help="Seed even in production (demo account included).")
@with_appcontext
def seed_command(force: bool) -> None:
    """Load the initial rows (courses, demo learner, resources) into the database."""
    if current_app.config["CONFIG_NAME"] == "production" and not force:
        click.echo("Refusing to seed a production database without --force.", err=True)
        sys.exit(1)
    from . import seed_file

    count = load_seed_file(seed_file(current_app))
    click.echo(f"Seed loaded: {count} statements run.")


@click.command("create-admin")
@click.option("--username", default="admin", show_default=True)
@click.option("--email", required=True)
@click.password_option(
    "--password",
    envvar="LEARNANYTHING_ADMIN_PASSWORD",
    help="Read from the prompt, or from LEARNANYTHING_ADMIN_PASSWORD.",
)
@click.option(
    "--promote",
    is_flag=True,
    help="Make the existing account with this email an administrator (its password is replaced).",
)
@with_appcontext
def create_admin_command(username: str, email: str, password: str, promote: bool) -> None:
    """Create an administrator (or, with --promote, promote the account with this email).

    No default admin exists: this command is the only way to make the first one.
    """
    from .services.accounts import create_admin

    try:
        user = create_admin(username, email, password, promote=promote)
    except DomainError as error:
        details = "; ".join(message for messages in error.fields.values() for message in messages)
        raise click.ClickException(details or error.message) from error
    click.echo(f"Administrator ready: {user.username} <{user.email}>")


@click.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(["learner", "author", "admin"]))
@with_appcontext
def set_role_command(email: str, role: str) -> None:
    """Give the account with EMAIL a role: `author` may publish courses, `admin` manages the site."""
    from .auth.models import Role
    from .services.accounts import set_role_by_email

    try:
        user = set_role_by_email(email, Role(role))
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"{user.username} <{user.email}> is now {role}.")


def main() -> None:
    """`learnanything [init|run]`: set up the database and serve the site from an installed package."""
    from flask_migrate import upgrade

    from . import create_app

    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    app = create_app(os.environ.get("FLASK_CONFIG", "development"))
    if command in {"init", "run"}:
        with app.app_context():
            upgrade()
            if app.config["SEED_DEMO_DATA"]:
                from . import seed_file

                load_seed_file(seed_file(app))
            db.session.remove()
    if command == "run":
        host = os.environ.get("HOST", "127.0.0.1")
        port = int(os.environ.get("PORT", "5000"))
        app.run(host=host, port=port, debug=False)
    elif command != "init":
        click.echo("usage: learnanything [init|run]", err=True)
        sys.exit(2)
