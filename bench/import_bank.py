"""How long one import of a 1,000-question GIFT bank takes, through the service and through the API.

    python bench/import_bank.py [--db-url URL] [--questions 1000] [--runs 5]

Without --db-url the database is a temporary SQLite file; with one (PostgreSQL), its tables are
DROPPED and created again: point it at a scratch database. Each run reads, validates and writes
the whole bank in one transaction (a new course each time); the median and the best are printed.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path

from app import create_app, db
from app.auth.models import Role, TokenScope
from app.auth.tokens import create_token
from app.services import accounts
from app.services.course_files import import_file


def generated_bank(questions: int) -> bytes:
    """A GIFT bank of `questions` questions of every kind, 50 to a leaf, under a few branches."""
    blocks = ["// @title: Banque générée"]
    for n in range(questions):
        if n % 50 == 0:
            leaf = n // 50
            blocks.append(f"$CATEGORY: Banque/Partie {leaf // 5}/Feuille {leaf}")
        kind = n % 5
        if kind == 0:
            blocks.append(f"::q{n}:: Quelle est la réponse {n} ? {{=réponse {n} =rep {n}####Parce que.}}")
        elif kind == 1:
            blocks.append(f"Choix {n} ? {{=bon {n} ~mauvais {n} ~autre {n}}}")
        elif kind == 2:
            blocks.append(f"Plusieurs {n} ? {{~%50%a{n} ~%50%b{n} ~c{n}}}")
        elif kind == 3:
            blocks.append(f"Affirmation {n}. {{{'TRUE' if n % 2 else 'FALSE'}}}")
        else:
            blocks.append(f"Combien {n} ? {{#{n},5:0,5}}")
    return "\n\n".join(blocks).encode()


def main() -> None:
    """Import the generated bank `--runs` times through each path and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db-url", help="SQLAlchemy URL (its tables are dropped!); default: temporary SQLite"
    )
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False)
        bank = generated_bank(args.questions)
        with app.app_context():
            db.drop_all()
            db.create_all()
            author = accounts.register_user(
                "bench", "bench@example.com", "une phrase de passe", role=Role.AUTHOR
            )
            _, token = create_token(author, "bench", TokenScope.WRITE)
            service, api = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                result = import_file(bank, "banque.gift", None, author)
                service.append(time.perf_counter() - start)
                assert result.questions == args.questions
            client = app.test_client()
            for _ in range(args.runs):
                start = time.perf_counter()
                response = client.post(
                    "/api/v1/courses/import",
                    data={"file": (io.BytesIO(bank), "banque.gift")},
                    content_type="multipart/form-data",
                    headers={"Authorization": f"Bearer {token}"},
                )
                api.append(time.perf_counter() - start)
                assert response.status_code == 201, response.get_data(as_text=True)
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    database = url.split(":", 1)[0]
    print(f"{args.questions} questions, {len(bank) // 1024} KiB of GIFT, {args.runs} runs, {database}")
    for name, times in (("service (read + validate + write)", service), ("API request", api)):
        print(f"  {name:34s} median {statistics.median(times):.3f} s, best {min(times):.3f} s")


if __name__ == "__main__":
    main()
