"""Command-line tasks: `flask seed`, `flask create-admin`, `flask set-role`, `flask course
import|export|generate`, `flask backup`/`restore`, `flask standings recompute`, `flask doctor`,
`flask scaffold`, `flask worker`,
and the `learnanything` launcher of the installed site (`learnanything run`, `learnanything worker`).

`flask seed` loads `data/initial_db_data.sql`; every statement is an idempotent
`INSERT … ON CONFLICT DO NOTHING`, so running it twice changes nothing and fails on nothing.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

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
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(standings_group)


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
    """Import, export or generate whole courses (GIFT, Aiken, CSV, native JSON; a language model)."""


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


@course_group.command("generate")
@click.argument("subject")
@click.option("--level", default="", help='Audience or level, e.g. "élèves de 5e".')
@click.option("--language", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--topics", type=click.IntRange(1), default=5, show_default=True, help="Leaves of the course.")
@click.option("--questions", type=click.IntRange(1), default=5, show_default=True, help="Questions per leaf.")
@click.option(
    "--from",
    "source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Build the course from this document (.txt, .md or .pdf).",
)
@click.option(
    "--author", "author_email", help="Email of the account that will own the draft (default: an admin)."
)
@with_appcontext
def course_generate_command(
    subject: str,
    level: str,
    language: str,
    topics: int,
    questions: int,
    source: Path | None,
    author_email: str | None,
) -> None:
    """Generate a draft course on SUBJECT with the configured language model (LLM_BASE_URL), printing
    each step; exits 1 with the reason when it cannot be done."""
    from sqlalchemy import func, select

    from .auth.models import Role, User
    from .services.generation import (
        GenerationCancelled,
        GenerationFailed,
        GenerationRequest,
        Progress,
        generate_course,
        read_source,
    )
    from .services.llm import LLMClient

    try:
        client = LLMClient.from_config(current_app.config)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    if author_email:
        author = db.session.scalar(select(User).where(func.lower(User.email) == author_email.strip().lower()))
        if author is None:
            raise click.ClickException(f"No account has the email {author_email}.")
    else:
        author = db.session.scalar(select(User).where(User.role == Role.ADMIN).order_by(User.id))
        if author is None:
            raise click.ClickException("No admin account exists: name the owner with --author EMAIL.")
    try:
        source_text = read_source(source.name, source.read_bytes()) if source is not None else None
        request = GenerationRequest(
            subject=subject,
            level=level,
            language=language,
            topics=topics,
            questions_per_topic=questions,
            source_text=source_text,
            author_id=author.id,
        )

        def show(progress: Progress) -> None:
            tokens = progress.prompt_tokens + progress.completion_tokens
            click.echo(
                f"[{progress.steps_done}/{progress.steps_total}] {progress.current_step} ({tokens} tokens)"
            )

        outcome = generate_course(request, client=client, on_progress=show, is_cancelled=lambda: False)
    except GenerationFailed as error:
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        click.echo(error.message, err=True)
        sys.exit(1)
    except DomainError as error:
        details = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.fields.items())
        raise click.ClickException(f"{error.message} {details}".strip()) from error
    except GenerationCancelled as error:
        raise click.ClickException(str(error)) from error
    finally:
        client.close()
    click.echo(
        f"Course {outcome.slug!r} (id {outcome.course_id}, draft): {outcome.title} — {outcome.prompt_tokens} "
        f"prompt + {outcome.completion_tokens} completion tokens, {outcome.seconds:.1f} s."
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


def _sqlite_file() -> Path:
    """The file of the configured SQLite database; other databases have their own tools."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise click.ClickException(
            "backup and restore work on a SQLite file; for PostgreSQL use pg_dump and pg_restore (README)."
        )
    return Path(str(url.database))


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(destination: Path) -> None:
    """Copy the SQLite database to DESTINATION, consistent even while the site writes to it."""
    source = _sqlite_file()
    if destination.exists():
        raise click.ClickException(f"{destination} exists already; choose a new file.")
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(destination)) as copy:
        live.backup(copy)  # SQLite's online backup: page by page, under its own locks
    click.echo(f"Backup written: {destination}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the SQLite database by the backup SOURCE (stop the site first)."""
    target = _sqlite_file()
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup:
            tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{source} is not a SQLite database: {error}") from error
    if "alembic_version" not in tables or "users" not in tables:
        raise click.ClickException(f"{source} is not a LearnAnything backup (no users, no migration stamp).")
    if not yes:
        click.confirm(f"Replace {target} by {source}?", abort=True)
    db.engine.dispose()  # no pooled connection keeps the old pages
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup,
        closing(sqlite3.connect(target)) as live,
    ):
        backup.backup(live)
    click.echo(f"Database restored from {source}.")


def serve_jobs(app: Flask, threads: int | None) -> None:
    """Run the background-job worker of `app` until SIGINT or SIGTERM."""
    from .jobs import queue_label, worker
    from .services.generations import reclaim_lost_generations

    lost = 0
    with app.app_context():  # the jobs a killed worker left "running" are ended before new ones start
        try:
            lost = reclaim_lost_generations()
        except SQLAlchemyError as error:  # a database not migrated yet, or away: serve the queue anyway
            db.session.rollback()
            click.echo(f"Job worker: left-over jobs not checked ({type(error).__name__})", err=True)
    if lost:
        click.echo(f"Job worker: {lost} job(s) left running by a stopped worker marked failed", err=True)
    consumer = worker(app, threads)
    click.echo(
        f"Job worker: {consumer.workers} threads on {queue_label(app.config['JOB_QUEUE_URL'])}", err=True
    )
    consumer.run()


@click.command("worker")
@click.option("--threads", type=click.IntRange(1, 32), help="Jobs run at once (default: JOB_WORKERS).")
@with_appcontext
def worker_command(threads: int | None) -> None:
    """Run the background jobs (course generations) until stopped; `make run` starts one."""
    serve_jobs(current_app._get_current_object(), threads)  # type: ignore[attr-defined]


SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)


def instance_folder() -> Path:
    """Where the installed site keeps its own files: LEARNANYTHING_INSTANCE, or ./instance."""
    return Path(os.environ.get("LEARNANYTHING_INSTANCE", Path.cwd() / "instance"))


def stored_secret_key(folder: Path) -> str:
    """The secret key kept in the instance folder, made (random, readable by its owner only) on first run.

    It must outlive restarts (sessions are signed with it) and be the same for every worker.
    """
    path = folder / SECRET_KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def production_environment() -> dict[str, str]:
    """What the production configuration needs that an installed site may not have been given.

    SECRET_KEY: from the environment, else the instance folder's key. DATABASE_URL: from the
    environment, else the SQLite file of the instance folder; that zero-configuration site is
    seeded with the demo courses unless SEED_DEMO_DATA says otherwise. Without
    RATELIMIT_STORAGE_URI (Redis), one worker process counts the rate limits in memory.
    """
    folder = instance_folder()
    given_database = os.environ.get("DATABASE_URL")
    environment = {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or stored_secret_key(folder),
        "DATABASE_URL": given_database or f"sqlite:///{folder / 'learnanything.sqlite'}",
        "SEED_DEMO_DATA": os.environ.get("SEED_DEMO_DATA", "0" if given_database else "1"),
    }
    if not os.environ.get("RATELIMIT_STORAGE_URI"):
        # Without Redis the rate-limit counters live in memory: exact only in one process, so the
        # zero-configuration site runs one gunicorn worker (with threads) and says so.
        environment |= {"RATELIMIT_ALLOW_MEMORY": "1", "WEB_CONCURRENCY": "1"}
    return environment


def prepare_database(app: Flask, *, seed: bool) -> None:
    """Apply the migrations, then load the seed (idempotent) when asked."""
    from flask_migrate import upgrade

    from . import seed_file

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    with app.app_context():
        upgrade()
        if seed:
            load_seed_file(seed_file(app))
        db.session.remove()
    root.handlers[:] = handlers  # Alembic's env.py installs its own logging configuration: ours again
    root.setLevel(level)


@click.group(invoke_without_command=True)
@click.pass_context
def main(context: click.Context) -> None:
    """LearnAnything: `learnanything run` serves the site (production, gunicorn); `init` only prepares it."""
    if context.invoked_subcommand is None:
        context.invoke(run_command)


@main.command("init")
@click.option("--dev", is_flag=True, help="Prepare the development configuration's database instead.")
def init_command(dev: bool) -> None:
    """Migrate the database and load the seed, then stop."""
    _prepared_app(dev)


@main.command("run")
@click.option("--dev", is_flag=True, help="Flask's development server (one process, development settings).")
def run_command(dev: bool) -> None:
    """Migrate and seed on first run, then serve on HOST:PORT (127.0.0.1:5000 by default)."""
    app = _prepared_app(dev)
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    if dev:
        app.run(host=host, port=port, debug=False)
        return
    settings = Path(__file__).with_name("gunicorn.conf.py")
    command = [sys.executable, "-m", "gunicorn", "--config", str(settings), "app:create_app('production')"]
    prepare_metrics_folder()
    os.execv(sys.executable, command)  # noqa: S606 (our own interpreter, our own arguments)


def prepare_metrics_folder() -> None:
    """Give the gunicorn workers an empty folder to share their Prometheus numbers through.

    PROMETHEUS_MULTIPROC_DIR, else `metrics/` in the instance folder; emptied on every start, or
    the counters of the previous run (and its dead workers' gauges) would be added to this one's.
    """
    from .metrics import MULTIPROCESS_VARIABLE, clean_multiprocess_folder

    folder = os.environ.get(MULTIPROCESS_VARIABLE) or str(instance_folder() / "metrics")
    clean_multiprocess_folder(folder)
    os.environ[MULTIPROCESS_VARIABLE] = folder


def _prepared_app(dev: bool) -> Flask:
    """The application the command serves, its database migrated (and seeded when configured)."""
    from . import create_app

    if dev:
        app = create_app(os.environ.get("FLASK_CONFIG", "development"))
        prepare_database(app, seed=bool(app.config["SEED_DEMO_DATA"]))
        return app
    environment = production_environment()
    os.environ.update(environment)  # the gunicorn workers read the same values
    app = create_app(
        "production",
        SECRET_KEY=environment["SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=environment["DATABASE_URL"],
        RATELIMIT_ALLOW_MEMORY=environment.get("RATELIMIT_ALLOW_MEMORY") == "1",
    )
    prepare_database(app, seed=environment["SEED_DEMO_DATA"].strip().lower() in {"1", "true", "yes", "on"})
    return app


@main.command("worker")
@click.option("--dev", is_flag=True, help="Use the development configuration instead.")
@click.option("--threads", type=click.IntRange(1, 32), help="Jobs run at once (default: JOB_WORKERS).")
def worker_run_command(dev: bool, threads: int | None) -> None:
    """Run the background jobs (course generations) of the site `learnanything run` serves.

    Start it beside the site (a systemd unit: deploy/learnanything-worker.service). With the default
    SQLite queue both must share the instance folder; with JOB_QUEUE_URL=redis://… any machine that
    reaches the database and Redis can run workers.
    """
    from . import create_app

    if dev:
        app = create_app(os.environ.get("FLASK_CONFIG", "development"))
    else:
        environment = production_environment()
        os.environ.update(environment)
        app = create_app(
            "production",
            SECRET_KEY=environment["SECRET_KEY"],
            SQLALCHEMY_DATABASE_URI=environment["DATABASE_URL"],
            RATELIMIT_ALLOW_MEMORY=environment.get("RATELIMIT_ALLOW_MEMORY") == "1",
        )
    serve_jobs(app, threads)


@main.command(
    "course",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
)
@click.option("--dev", is_flag=True, help="Use the development configuration's database instead.")
@click.pass_context
def course_command(context: click.Context, dev: bool) -> None:
    """`learnanything course import FILE` / `export SLUG` / `generate SUBJECT`: the `flask course`
    commands, on the database `learnanything run` serves."""
    app = _prepared_app(dev)
    with app.app_context():
        course_group.main(args=context.args, prog_name="learnanything course", standalone_mode=True)


@click.group("standings")
def standings_group() -> None:
    """Learners' stored standings (docs/learning-rules.md §2)."""


@standings_group.command("recompute")
@click.option("--user", "email", help="Only the account with this email (default: every learner).")
@with_appcontext
def standings_recompute_command(email: str | None) -> None:
    """Rebuild the stored standings from the history: the standings earned on each leaf, the
    review states and today's answers (after a restore, or to check the stored values)."""
    from sqlalchemy import func, select

    from .auth.models import User
    from .services.standings import rebuild_all
    from .types import utcnow

    user = None
    if email:
        user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
        if user is None:
            raise click.ClickException(f"No account has the email {email}.")
    count = rebuild_all(utcnow(), user)
    click.echo(f"Stored standings recomputed: {count} learner-course pairs.")
