"""The course page of a large course without JavaScript: closed branches are links to the page
with that branch open, and the page they lead to shows the branch's children."""

from __future__ import annotations

import re
from typing import Any

from app.models import Course
from tests.big_course import add_big_course, topic_id
from tests.conftest import SignedIn


def _more_link(html: str, branch: int) -> str:
    match = re.search(rf'<a class="tree-more-link" href="([^"]*open={branch}#node-{branch})"', html)
    assert match, f"no link opening branch {branch} on the page"
    return match.group(1).replace("&amp;", "&")


def test_a_closed_branch_is_a_link_to_the_page_with_it_open(learner: SignedIn) -> None:
    course = add_big_course()
    branch = topic_id(course, "b5-s5")
    page = learner.client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert "/topics/b5-s5-l0#lesson" not in page, "the closed branch's leaves are not on the first page"
    assert "Afficher les thèmes de « Sous-branche 5.5 »" in page

    opened = learner.client.get(_more_link(page, branch))
    html = opened.get_data(as_text=True)
    assert opened.status_code == 200
    for leaf in range(10):
        assert f"/courses/{course.slug}/topics/b5-s5-l{leaf}#lesson" in html, (
            f"leaf {leaf} of the opened branch"
        )
    assert re.search(rf'<details open>\s*<summary class="node [^"]*" id="node-{branch}"', html), (
        "the opened branch is shown open"
    )


def test_a_branch_opened_from_a_topic_page_stays_on_that_topic(learner: SignedIn) -> None:
    course = add_big_course()
    branch = topic_id(course, "b4-s5")
    page = learner.client.get(f"/courses/{course.slug}/topics/b0-s0-l0").get_data(as_text=True)
    link = _more_link(page, branch)
    assert link.startswith(f"/courses/{course.slug}/topics/b0-s0-l0?"), link
    html = learner.client.get(link).get_data(as_text=True)
    assert "/topics/b4-s5-l3#lesson" in html and 'aria-current="true"' in html


def test_a_small_course_page_has_no_closed_branch(learner: SignedIn, astronomy: Course) -> None:
    html = learner.client.get(f"/courses/{astronomy.slug}").get_data(as_text=True)
    assert "tree-more-link" not in html.split('<template id="tree-more-template">')[0]
    assert "/topics/planetes#lesson" in html


def test_an_unknown_branch_to_open_is_ignored(learner: SignedIn, astronomy: Any) -> None:
    course = add_big_course()
    for value in ("abc", "999999", str(topic_id(astronomy, "planetes"))):
        response = learner.client.get(f"/courses/{course.slug}?open={value}")
        assert response.status_code == 200, f"?open={value}: {response.status_code}"
