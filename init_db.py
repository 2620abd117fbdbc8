"""Create or upgrade the database schema and load the initial data.

`python init_db.py` runs the migrations (`flask db upgrade`) then the idempotent seed
(`flask seed`); running it twice changes nothing. Production databases are not seeded unless
SEED_DEMO_DATA=1 is set.
"""

from __future__ import annotations

import click
from flask_migrate import upgrade

from app import create_app, seed_file
from app.services.seeding import load_seed_file


def main() -> None:
    """Migrate, then seed when the configuration allows it."""
    app = create_app()
    with app.app_context():
        upgrade()
        if app.config["SEED_DEMO_DATA"]:
            count = load_seed_file(seed_file(app))
            click.echo(f"Database ready: migrations applied, {count} seed statements run.")
        else:
            click.echo("Database ready: migrations applied (seed skipped: SEED_DEMO_DATA is off).")


if __name__ == "__main__":
    main()
