"""Command-line tasks: `flask seed`, `flask create-admin`, `flask course import|export`, and the
`learnanything` launcher.

`flask seed` loads `data/initial_db_data.sql`; every statement is an idempotent
`INSERT … ON CONFLICT DO NOTHING`, so running it twice changes nothing and fails on nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .doctor import doctor_command
from .extensions import db
from .scaffold import scaffold_command
from .services.errors import DomainError
from .services.seeding import load_seed_file


def register_commands(app: Flask) -> None:
    """Attach the commands to `app.cli`."""
    app.cli.add_command(seed_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(doctor_command)
    app.cli.add_command(scaffold_command)
    app.cli.add_command(course_group)
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


@click.group("course")
def course_group() -> None:
    """Import or export whole courses (GIFT, Aiken, CSV, native JSON)."""


@course_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gift", "aiken", "csv", "json"]),
    help="Default: from the extension.",
)
@click.option("--publish", is_flag=True, help="Publish the course at once (default: a draft).")
@click.option("--author", "author_email", help="Email of the account that will own the course.")
@with_appcontext
def course_import_command(file: Path, fmt: str | None, publish: bool, author_email: str | None) -> None:
    """Import FILE as a new course; prints the questions per topic, or every problem with its line."""
    from sqlalchemy import func, select

    from .auth.models import User
    from .services.course_files import CourseFileInvalid, CourseFormat, import_file

    author = None
    if author_email:
        author = db.session.scalar(select(User).where(func.lower(User.email) == author_email.strip().lower()))
        if author is None:
            raise click.ClickException(f"No account has the email {author_email}.")
    try:
        result = import_file(
            file.read_bytes(), file.name, CourseFormat(fmt) if fmt else None, author, publish=publish
        )
    except CourseFileInvalid as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(error.message, err=True)
        sys.exit(1)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    state = "published" if publish else "draft"
    click.echo(f"Course {result.slug!r} (id {result.course_id}, {state}): {result.title}")
    for count in result.per_topic:
        click.echo(f"  {count.questions:5d}  {count.path}")
    click.echo(f"{result.topics} topics, {result.questions} questions, {result.images} images.")


@course_group.command("export")
@click.argument("slug")
@click.option(
    "--format", "fmt", type=click.Choice(["gift", "aiken", "csv", "json"]), default="json", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: standard output.")
@with_appcontext
def course_export_command(slug: str, fmt: str, output: Path | None) -> None:
    """Export the course SLUG (aiken keeps only the single-answer choice questions)."""
    from sqlalchemy import select

    from .models import Course
    from .services.course_files import CourseFormat, export_course

    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        raise click.ClickException(f"No course has the slug {slug!r}.")
    exported = export_course(course, CourseFormat(fmt))
    if output is None:
        click.echo(exported.content, nl=False)
    else:
        output.write_text(exported.content, encoding="utf-8", newline="")
        click.echo(f"Written {output}", err=True)
    if exported.omitted:
        click.echo(
            f"Aiken carries only single-answer choice questions: {exported.omitted} left out.", err=True
        )


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
    """`learnanything [init|run|course …]`: set up the database, serve the site, or import and
    export courses (`learnanything course import FILE`), from an installed package."""
    from flask_migrate import upgrade

    from . import create_app

    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    app = create_app(os.environ.get("FLASK_CONFIG", "development"))
    if command == "course":
        with app.app_context():
            course_group.main(args=sys.argv[2:], prog_name="learnanything course")
        return
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
        click.echo("usage: learnanything [init|run|course import FILE|course export SLUG]", err=True)
        sys.exit(2)
