"""One in-process look at the benchmark's database, next to the load runs of bench/run.py.

    python bench/probe.py ASTRONOMY_COURSE_ID   (with the environment of the served site)

Builds the site as gunicorn does (`create_app()`, the same configuration and database), signs the
demo learner in through the login form with a test client, requests the astronomy tree twice and
counts every SQL statement the second (warm) request sends — the user lookup included — with a
`before_cursor_execute` listener on the engine. Prints JSON: that count, the statements, and the
id of the 2,000-topic course's root topic `b0` (the branch bench/run.py opens).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from sqlalchemy import event, select

from app import create_app, db
from app.models import Course, Topic

DEMO = ("testuser", "etoiles-et-planetes")
BASE_URL = "https://127.0.0.1"  # production cookies are Secure (`__Host-`): the client speaks HTTPS


def main() -> None:
    """Sign in, count the warm tree request's statements, print them with the b0 topic id."""
    astronomy_id = int(sys.argv[1])
    app = create_app()
    client = app.test_client()
    page = client.get("/auth/login", base_url=BASE_URL).get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    form = {"login-csrf_token": token.group(1), "login-login": DEMO[0], "login-password": DEMO[1]}
    referer = {"Referer": f"{BASE_URL}/auth/login"}  # Flask-WTF checks it on HTTPS (WTF_CSRF_SSL_STRICT)
    signed_in = client.post("/auth/login", data=form, base_url=BASE_URL, headers=referer)
    assert signed_in.status_code == 302, f"the demo learner's login answered {signed_in.status_code}"

    path = f"/api/v1/courses/{astronomy_id}/tree"
    assert client.get(path, base_url=BASE_URL).status_code == 200  # warm: caches filled, "last seen" written
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path, base_url=BASE_URL)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, f"the astronomy tree answered {response.status_code}"

    with app.app_context():
        branch_id = db.session.scalar(
            select(Topic.id)
            .join(Course, Topic.course_id == Course.id)
            .where(Course.slug == "bench-2000", Topic.slug == "b0", Topic.parent_id.is_(None))
        )
    found = {"tree_queries": len(statements), "tree_statements": statements, "branch_topic_id": branch_id}
    print(json.dumps(found))


if __name__ == "__main__":
    main()
