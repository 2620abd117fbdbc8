"""Stored standings: a learner's standing on every node of a course, kept in the `standings`
table so that reading it is one indexed query (the rule: docs/learning-rules.md §2).

What a row holds (models.StoredStanding): a leaf, the standing earned (tier and step before
forgetting) and the level it shows; a branch or the course, the sum of the shown levels of its
started leaves and how many there are. Forgetting lowers shown levels with time, not with
requests, so each row also says until when it holds (`valid_until`): for a leaf, the moment the
mean recall of its questions next crosses a threshold of the forgetting rule, solved from the FSRS
forgetting curve; for a branch or the course, the earliest of its leaves' moments (or earlier).
A read uses the stored values while the course row's moment has not come; afterwards it
recomputes the leaves whose moment has come, and every sum, and writes them back (`refresh`).

An answer claims (locks) the rows of the leaf, its ancestors and the course, reads the leaf's
review states, and writes the new values of those rows in one statement (`record_answer`,
`write_rows`). `recompute_from_history` is the same rule computed from scratch, from the earned
standings and the review states, as every read did before standings were stored: the tests hold
the stored values to it, and `rebuild` (the `flask standings recompute` command) writes it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple, Protocol, cast

from sqlalchemy import Table, case, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from ..auth.models import User
from ..extensions import db
from ..models import COURSE_NODE, Attempt, Course, Question, ReviewState, StoredStanding, Topic, Verdict
from .course_structure import CourseStructure, course_structure
from .mastery import START, Standing, aggregate, apply_forgetting
from .scheduling import recall_probability

# How far ahead a leaf's next drop is looked for: a leaf whose recall holds longer is looked at
# again then (a century: in practice, never).
HORIZON = timedelta(days=36_500)
_TICK = timedelta(microseconds=1)  # the resolution of the stored moments, on SQLite and PostgreSQL

# Up to this many questions, a learner's review states are looked up by learner and question id
# (the unique index); above it, every review state of the learner is read through the learner's
# index and kept if it belongs to the course. Neither depends on the database's statistics.
PROBE_QUESTIONS_LIMIT = 1000

STANDINGS = cast(Table, StoredStanding.__table__)
UNIQUE_KEY = ["user_id", "course_id", "node"]  # the unique index the upserts conflict on

Card = tuple[float | None, datetime | None]  # what recall needs of a review state: stability, last review


@dataclass(frozen=True)
class NodeRow:
    """One learner's stored row for one node, as the service works on it (models.StoredStanding)."""

    node: int
    tier: int | None = None  # a leaf: the standing earned, before forgetting (None: not started)
    step: int | None = None
    level_sum: int = 0  # a leaf: its shown level; a branch, the course: the sum over started leaves
    started: int = 0  # a leaf: 1 once answered; a branch, the course: its started leaves
    valid_until: datetime | None = None
    seen: int = 0
    last_activity: datetime | None = None
    score_day: date | None = None
    day_accepted: int = 0
    day_incorrect: int = 0
    answers_correct: int = 0
    answers_almost: int = 0
    answers_incorrect: int = 0
    revision: datetime | None = None

    @property
    def earned(self) -> Standing | None:
        """The standing earned on a leaf, before forgetting; None before its first answer."""
        return Standing(self.tier, self.step) if self.tier is not None and self.step is not None else None


ROW_COLUMNS = tuple(column.name for column in fields(NodeRow))


class Sums(Protocol):
    """What a view needs of a row: the level shown (a leaf) or the sum of its started leaves' levels
    (a branch, the course), and how many leaves are started."""

    @property
    def level_sum(self) -> int: ...  # noqa: D102

    @property
    def started(self) -> int: ...  # noqa: D102


class ShownRow(NamedTuple):
    """A row as a view reads it (see `Sums`): a plain tuple, cheap for thousands of topics."""

    level_sum: int
    started: int


# --- The rule, on plain values -----------------------------------------------------------------


def mean_recall(cards: Iterable[Card], now: datetime) -> float | None:
    """The mean FSRS recall of the reviewed cards at `now` (None: none reviewed). The sum is
    exactly rounded (math.fsum), so the mean does not depend on the order the cards came in."""
    recalls = [recall_probability(stability, last_review, now) for stability, last_review in cards]
    values = [recall for recall in recalls if recall is not None]
    return math.fsum(values) / len(values) if values else None


def shown_on_leaf(earned: Standing, cards: Iterable[Card], now: datetime) -> Standing:
    """What a started leaf shows at `now`: the standing earned, lowered by forgetting."""
    return apply_forgetting(earned, mean_recall(cards, now))


def next_drop(earned: Standing, cards: Sequence[Card], now: datetime) -> datetime | None:
    """The earliest moment after `now` at which the leaf shows less than at `now` (None: never).

    Each card's recall only falls with time, and only when a whole day has passed since its last
    review, so the mean recall is a falling staircase: the moment is found by bisection to the
    microsecond, which lands exactly on the step that crosses the threshold.
    """
    shown = shown_on_leaf(earned, cards, now)
    if mean_recall(cards, now) is None or shown == apply_forgetting(earned, 0.0):
        return None  # nothing reviewed, or already as low as forgetting takes it
    if shown_on_leaf(earned, cards, now + HORIZON) == shown:
        return now + HORIZON
    low, high = 0, HORIZON // _TICK  # shown unchanged at now + low, lower at now + high
    while high - low > 1:
        middle = (low + high) // 2
        if shown_on_leaf(earned, cards, now + middle * _TICK) < shown:
            high = middle
        else:
            low = middle
    return now + high * _TICK


def earliest(*moments: datetime | None) -> datetime | None:
    """The earliest of the moments given (None stands for never)."""
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None


def leaf_row(row: NodeRow, earned: Standing, cards: Sequence[Card], now: datetime) -> NodeRow:
    """A started leaf's row at `now`: what it shows and until when."""
    shown = shown_on_leaf(earned, cards, now)
    return replace(
        row,
        tier=earned.tier,
        step=earned.step,
        level_sum=shown.level,
        started=1,
        valid_until=next_drop(earned, cards, now),
    )


def mean_standing(row: Sums | None, leaf_count: int) -> Standing:
    """A branch's or the course's standing: the rounded mean level of its `leaf_count` leaves,
    the unstarted ones counting as level 1 (the same arithmetic as mastery.aggregate)."""
    if leaf_count == 0:
        return START
    started, total = (row.started, row.level_sum) if row is not None else (0, 0)
    return Standing.from_level(int((total + leaf_count - started) / leaf_count + 0.5))


def standing_of(structure: CourseStructure, rows: Mapping[int, Sums], node: int) -> Standing:
    """The standing shown on a topic of the course (or on the course, COURSE_NODE) by the rows."""
    row = rows.get(node)
    if node == COURSE_NODE:
        return mean_standing(row, len(structure.leaves))
    shape = structure.topics[node]
    if shape.children:
        return mean_standing(row, len(shape.leaves))
    return Standing.from_level(row.level_sum) if row is not None and row.started else START


def is_stale(course_row: NodeRow, structure: CourseStructure, now: datetime) -> bool:
    """Whether the learner's rows of a course must be recomputed before they are read: the
    course's structure changed since they were written, or a shown level may have dropped."""
    return course_row.revision != structure.revision or has_expired(course_row, now)


def has_expired(row: NodeRow, now: datetime) -> bool:
    """Whether the row's moment has come: a level below it may have dropped by `now`."""
    return row.valid_until is not None and row.valid_until <= now


def score_of(course_row: NodeRow | None, now: datetime) -> dict[str, int]:
    """Today's running score on the course (answers accepted, incorrect) from its course row."""
    if course_row is None or course_row.score_day != _day(now):
        return {"correct": 0, "incorrect": 0}
    return {"correct": course_row.day_accepted, "incorrect": course_row.day_incorrect}


def _day(now: datetime) -> date:
    return now.astimezone(UTC).date()


def with_aggregates(
    structure: CourseStructure, rows: Mapping[int, NodeRow], course_row: NodeRow
) -> dict[int, NodeRow]:
    """The rows with every branch's and the course's sums recomputed from the leaf rows: a row for
    each branch with a started leaf or a row already (its earned tier and step kept, for a topic
    that was a leaf once), and the course row (its other counts kept from `course_row`)."""
    leaves = set(structure.leaves)
    started = {
        node: row for node, row in rows.items() if node in leaves and row.earned is not None and row.started
    }
    result = dict(started)
    for shape in structure.topics.values():
        if not shape.children:
            continue
        below = [started[leaf] for leaf in shape.leaves if leaf in started]
        if not below and shape.id not in rows:
            continue
        result[shape.id] = replace(
            rows.get(shape.id, NodeRow(shape.id)),
            level_sum=sum(row.level_sum for row in below),
            started=len(below),
            valid_until=earliest(*(row.valid_until for row in below)),
        )
    result[COURSE_NODE] = replace(
        course_row,
        level_sum=sum(row.level_sum for row in started.values()),
        started=len(started),
        valid_until=earliest(*(row.valid_until for row in started.values())),
        revision=structure.revision,
    )
    return result


def record_answer(
    structure: CourseStructure,
    rows: Mapping[int, NodeRow],
    topic_id: int,
    earned: Standing,
    cards: Sequence[Card],
    now: datetime,
    *,
    verdict: Verdict,
    first_review: bool,
) -> dict[int, NodeRow]:
    """The new rows of the leaf, its ancestors and the course after one answer on the leaf.

    `rows` are those rows as claimed (up to date: see `is_stale`), `earned` the leaf's new standing
    before forgetting, `cards` the leaf's review states after the answer. A branch's and the
    course's sums move by the leaf's change; their moment becomes the earlier of theirs and the
    leaf's (a moment that comes too early only costs a refresh that finds nothing dropped).
    """
    old = rows[topic_id]
    course = rows[COURSE_NODE]
    changed: dict[int, NodeRow] = {}
    if structure.topics[topic_id].children:  # questions on a branch: the standing is kept, not shown
        changed[topic_id] = replace(old, tier=earned.tier, step=earned.step)
    else:
        new = leaf_row(old, earned, cards, now)
        changed[topic_id] = new
        gained = new.level_sum - (old.level_sum if old.started else 0)
        newly = 0 if old.started else 1
        for node in [*structure.ancestors(topic_id)[1:], COURSE_NODE]:
            row = rows[node]
            changed[node] = replace(
                row,
                level_sum=row.level_sum + gained,
                started=row.started + newly,
                valid_until=earliest(row.valid_until, new.valid_until),
            )
        course = changed[COURSE_NODE]
    accepted, incorrect = (
        (course.day_accepted, course.day_incorrect) if course.score_day == _day(now) else (0, 0)
    )
    changed[COURSE_NODE] = replace(
        course,
        seen=course.seen + int(first_review),
        last_activity=max(course.last_activity or now, now),
        score_day=_day(now),
        day_accepted=accepted + int(verdict is not Verdict.INCORRECT),
        day_incorrect=incorrect + int(verdict is Verdict.INCORRECT),
        answers_correct=course.answers_correct + int(verdict is Verdict.CORRECT),
        answers_almost=course.answers_almost + int(verdict is Verdict.ALMOST),
        answers_incorrect=course.answers_incorrect + int(verdict is Verdict.INCORRECT),
    )
    return changed


# --- Reading and writing rows ------------------------------------------------------------------


def _columns() -> list[Any]:
    table = STANDINGS
    return [table.c[name] for name in ROW_COLUMNS]


def read_rows(user_id: int, course_id: int, nodes: Collection[int] | None = None) -> dict[int, NodeRow]:
    """The learner's stored rows of a course (all of them, or those of `nodes`): one query on the
    unique index (user, course, node)."""
    table = STANDINGS
    stmt = select(*_columns()).where(table.c.user_id == user_id, table.c.course_id == course_id)
    if nodes is not None:
        stmt = stmt.where(table.c.node.in_(nodes))
    return {row.node: NodeRow(*row) for row in db.session.execute(stmt)}


def read_shown(
    user_id: int, course_id: int, nodes: Collection[int] | None = None
) -> tuple[dict[int, ShownRow], NodeRow | None]:
    """What a view shows of the learner's rows of a course (all, or those of `nodes`), and the
    course row's moment and revision, which say whether they hold: one query on the unique index.
    Only the course row's dates are read: a 2,000-topic tree converts one date, not thousands."""
    table = STANDINGS
    is_course = table.c.node == COURSE_NODE
    stmt = select(
        table.c.node,
        table.c.level_sum,
        table.c.started,
        case((is_course, table.c.valid_until)).label("valid_until"),
        case((is_course, table.c.revision)).label("revision"),
    ).where(table.c.user_id == user_id, table.c.course_id == course_id)
    if nodes is not None:
        stmt = stmt.where(table.c.node.in_(nodes))
    shown: dict[int, ShownRow] = {}
    course_row = None
    for node, level_sum, started, valid_until, revision in db.session.execute(stmt):
        shown[node] = ShownRow(level_sum, started)
        if node == COURSE_NODE:
            course_row = NodeRow(
                node, level_sum=level_sum, started=started, valid_until=valid_until, revision=revision
            )
    return shown, course_row


def _statements() -> tuple[dict[str, Any], dict[str, Any]]:
    """The claim and the upsert of rows, for each database (both speak ON CONFLICT and RETURNING)."""
    claims: dict[str, Any] = {}
    upserts: dict[str, Any] = {}
    for name, insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert)):
        claim = insert(STANDINGS)
        claims[name] = claim.on_conflict_do_update(
            index_elements=UNIQUE_KEY, set_={"version": STANDINGS.c.version + 1}
        ).returning(*_columns())
        upsert = insert(STANDINGS)
        replaced = {column: upsert.excluded[column] for column in (*ROW_COLUMNS[1:], "updated_at")}
        upserts[name] = upsert.on_conflict_do_update(index_elements=UNIQUE_KEY, set_=replaced).returning(
            STANDINGS.c.node
        )
    return claims, upserts


_CLAIM, _UPSERT = _statements()


def _values(user_id: int, course_id: int, row: NodeRow, now: datetime) -> dict[str, Any]:
    columns = {name: getattr(row, name) for name in ROW_COLUMNS}  # astuple would deep-copy each value
    return {"user_id": user_id, "course_id": course_id, "updated_at": now, **columns}


def write_rows(user_id: int, course_id: int, rows: Iterable[NodeRow], now: datetime) -> None:
    """Store these rows of the learner (inserted, or replacing the stored ones) in one multi-row
    INSERT … ON CONFLICT DO UPDATE (per thousand rows).

    The rows go as the parameters of one statement compiled once (SQLAlchemy's "insertmanyvalues");
    RETURNING is what makes it send them as one multi-row statement on both databases.
    """
    values = [_values(user_id, course_id, row, now) for row in sorted(rows, key=lambda row: row.node)]
    if not values:
        return
    db.session.execute(_UPSERT[db.session.get_bind().dialect.name], values).all()


def claim(user_id: int, course_id: int, nodes: Iterable[int], revision: datetime) -> dict[int, NodeRow]:
    """Hold the learner's rows of these nodes of the course until the commit, and read them.

    One INSERT … ON CONFLICT DO UPDATE … RETURNING: a missing row is created unstarted, an existing
    one is locked with only its `version` moved on, which tells the views kept by a process that
    the learner's standing changed (app/learner_views.py). PostgreSQL takes a row lock, waiting for
    the transaction holding it and then returning what it committed; SQLite's first write of the
    transaction takes the database's write lock, waiting its turn with busy_timeout. The course
    row comes first, so the answers of one learner on one course run one after the other, each
    reading what the previous one wrote.
    """
    values = [
        _values(user_id, course_id, NodeRow(node, revision=revision if node == COURSE_NODE else None), _EPOCH)
        for node in sorted(set(nodes))
    ]
    claimed = db.session.execute(_CLAIM[db.session.get_bind().dialect.name], values)
    return {row.node: NodeRow(*row) for row in claimed}


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # `updated_at` of a row claimed before it holds anything


# --- Reading the history -----------------------------------------------------------------------


def _reviewed(user_id: int, structure: CourseStructure, topic_ids: Iterable[int]) -> list[tuple[int, Card]]:
    """The learner's review states of the questions of these topics, as (topic id, card)."""
    topic_of = {
        question_id: topic_id
        for topic_id in topic_ids
        for question_id in structure.topics[topic_id].question_ids
    }
    if not topic_of:
        return []
    stmt = select(ReviewState.question_id, ReviewState.stability, ReviewState.last_review).where(
        ReviewState.user_id == user_id
    )
    if len(topic_of) <= PROBE_QUESTIONS_LIMIT:
        stmt = stmt.where(ReviewState.question_id.in_(topic_of))
    return [
        (topic_of[question_id], (stability, last_review))
        for question_id, stability, last_review in db.session.execute(stmt)
        if question_id in topic_of
    ]


def cards_by_topic(
    user_id: int, structure: CourseStructure, topic_ids: Iterable[int]
) -> dict[int, list[Card]]:
    """The learner's cards (review states) on the questions of each of these topics: one query."""
    cards: dict[int, list[Card]] = defaultdict(list)
    for topic_id, card in _reviewed(user_id, structure, topic_ids):
        cards[topic_id].append(card)
    return cards


def history_score(user_id: int, course_id: int, now: datetime) -> dict[str, int]:
    """Today's running score on a course counted from the attempts (answers accepted, incorrect)."""
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    rows = db.session.execute(
        select(Attempt.verdict, func.count(Attempt.id))
        .join(Question, Question.id == Attempt.question_id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Attempt.user_id == user_id, Topic.course_id == course_id, Attempt.created_at >= start)
        .group_by(Attempt.verdict)
    )
    counts = {Verdict(verdict): count for verdict, count in rows}
    return {
        "correct": counts.get(Verdict.CORRECT, 0) + counts.get(Verdict.ALMOST, 0),
        "incorrect": counts.get(Verdict.INCORRECT, 0),
    }


def history_answers(user_id: int, course_id: int) -> dict[Verdict, int]:
    """How many answers the learner gave on the course, by verdict, counted from the attempts."""
    rows = db.session.execute(
        select(Attempt.verdict, func.count(Attempt.id))
        .join(Question, Question.id == Attempt.question_id)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Attempt.user_id == user_id, Topic.course_id == course_id)
        .group_by(Attempt.verdict)
    )
    counts = dict.fromkeys(Verdict, 0)
    counts.update({Verdict(verdict): count for verdict, count in rows})
    return counts


def answer_totals(user_id: int, course_id: int | None = None) -> dict[Verdict, int]:
    """How many answers the learner gave, by verdict (on one course, or on all), from their course
    rows: one query, whatever the history."""
    table = STANDINGS
    stmt = select(
        func.coalesce(func.sum(table.c.answers_correct), 0),
        func.coalesce(func.sum(table.c.answers_almost), 0),
        func.coalesce(func.sum(table.c.answers_incorrect), 0),
    ).where(table.c.user_id == user_id, table.c.node == COURSE_NODE)
    if course_id is not None:
        stmt = stmt.where(table.c.course_id == course_id)
    correct, almost, incorrect = db.session.execute(stmt).one()
    return {Verdict.CORRECT: int(correct), Verdict.ALMOST: int(almost), Verdict.INCORRECT: int(incorrect)}


def recompute_from_history(
    structure: CourseStructure, user_id: int, now: datetime
) -> tuple[dict[int, Standing], frozenset[int]]:
    """The learner's standing on every topic of the course computed from scratch, as every read did
    before standings were stored: the standing earned on each leaf, lowered by the mean recall of
    the leaf's review states at `now`; each branch the mean of its leaves. Returns the standings by
    topic id and the topics with a started leaf. The reference the stored rows are held to."""
    earned = {
        node: row.earned
        for node, row in read_rows(user_id, structure.course_id, structure.leaves).items()
        if row.earned is not None
    }
    cards = cards_by_topic(user_id, structure, earned)
    shown = {
        leaf: shown_on_leaf(stored, cards.get(leaf, ()), now) if (stored := earned.get(leaf)) else START
        for leaf in structure.leaves
    }
    standings: dict[int, Standing] = {}
    started: set[int] = set()
    for shape in structure.topics.values():
        standings[shape.id] = aggregate(shown[leaf] for leaf in shape.leaves)
        if not earned.keys().isdisjoint(shape.leaves):
            started.add(shape.id)
    return standings, frozenset(started)


def rows_from_history(structure: CourseStructure, user_id: int, now: datetime) -> dict[int, NodeRow]:
    """Every stored row of the learner on the course recomputed from the history: the standings
    earned on the leaves, all the review states and today's attempts on the course."""
    stored = read_rows(user_id, structure.course_id)
    leaves = set(structure.leaves)
    cards: dict[int, list[Card]] = defaultdict(list)
    seen, last_activity = 0, None
    for topic_id, card in _reviewed(user_id, structure, structure.topics):
        cards[topic_id].append(card)
        seen += 1
        last_activity = latest(last_activity, card[1])
    rows = {
        node: leaf_row(row, earned, cards.get(node, []), now)
        for node, row in stored.items()
        if node in leaves and (earned := row.earned) is not None
    }
    for node, row in stored.items():  # a topic with an earned standing that is a branch now
        if node not in leaves and node in structure.topics:
            rows[node] = row
    score = history_score(user_id, structure.course_id, now)
    answers = history_answers(user_id, structure.course_id)
    course_row = NodeRow(
        COURSE_NODE,
        seen=seen,
        last_activity=last_activity,
        score_day=_day(now),
        day_accepted=score["correct"],
        day_incorrect=score["incorrect"],
        answers_correct=answers[Verdict.CORRECT],
        answers_almost=answers[Verdict.ALMOST],
        answers_incorrect=answers[Verdict.INCORRECT],
    )
    return with_aggregates(structure, rows, course_row)


def latest(moment: datetime | None, other: datetime | None) -> datetime | None:
    """The later of two moments (None stands for none)."""
    return max(moment, other) if moment is not None and other is not None else moment or other


# --- Keeping the rows up to date ---------------------------------------------------------------


def bring_up_to_date(
    user_id: int, structure: CourseStructure, now: datetime, rows: Mapping[int, NodeRow]
) -> dict[int, NodeRow]:
    """With the learner's rows of the course claimed (see `claim`) and `rows` all of them as read
    after the claim: recompute what has expired and write it back; returns every row after it.

    A changed structure rebuilds them all from the history; otherwise only the leaves whose moment
    has come read their review states again, and every sum is recomputed from the leaf rows.
    """
    course_row = rows.get(COURSE_NODE)
    if course_row is None or course_row.revision != structure.revision:
        return rebuild_rows(user_id, structure, now, rows)
    leaves = set(structure.leaves)
    expired = [
        node
        for node, row in rows.items()
        if node in leaves and row.earned is not None and has_expired(row, now)
    ]
    current = dict(rows)
    cards = cards_by_topic(user_id, structure, expired)
    for node in expired:
        earned = current[node].earned
        assert earned is not None
        current[node] = leaf_row(current[node], earned, cards.get(node, []), now)
    result = with_aggregates(structure, current, course_row)
    _write_changes(user_id, structure.course_id, rows, result, now)
    return result


def rebuild_rows(
    user_id: int, structure: CourseStructure, now: datetime, rows: Mapping[int, NodeRow]
) -> dict[int, NodeRow]:
    """Replace the learner's rows of the course (`rows`, as read under the claim) by their
    recomputation from the history; rows of topics that left the course are deleted."""
    result = rows_from_history(structure, user_id, now)
    gone = [node for node in rows if node not in result]
    if gone:
        table = STANDINGS
        db.session.execute(
            delete(table).where(
                table.c.user_id == user_id, table.c.course_id == structure.course_id, table.c.node.in_(gone)
            )
        )
    _write_changes(user_id, structure.course_id, rows, result, now)
    return result


def _write_changes(
    user_id: int, course_id: int, before: Mapping[int, NodeRow], after: Mapping[int, NodeRow], now: datetime
) -> None:
    write_rows(user_id, course_id, [row for node, row in after.items() if before.get(node) != row], now)


def refresh(user_id: int, structure: CourseStructure, now: datetime) -> dict[int, NodeRow]:
    """Bring the learner's rows of a course up to date and commit: claim the course row, read
    every row again (what the claim waited for included), recompute what expired."""
    claim(user_id, structure.course_id, [COURSE_NODE], structure.revision)
    rows = bring_up_to_date(user_id, structure, now, read_rows(user_id, structure.course_id))
    db.session.commit()
    return rows


def learner_rows(
    user_id: int, structure: CourseStructure, now: datetime, nodes: Collection[int] | None = None
) -> dict[int, NodeRow]:
    """The learner's rows of the course (those of `nodes` and the course row, or all), up to date
    at `now`: one query, plus a refresh when the course row's moment has come."""
    wanted = None if nodes is None else {*nodes, COURSE_NODE}
    rows = read_rows(user_id, structure.course_id, wanted)
    course_row = rows.get(COURSE_NODE)
    if course_row is not None and is_stale(course_row, structure, now):
        rows = _wanted(refresh(user_id, structure, now), wanted)
    return rows


def shown_rows(
    user_id: int, structure: CourseStructure, now: datetime, nodes: Collection[int] | None = None
) -> Mapping[int, Sums]:
    """What the views show of the learner's rows of the course (those of `nodes` and the course
    row, or all), up to date at `now`: one query (`read_shown`), plus a refresh when the course
    row's moment has come."""
    wanted = None if nodes is None else {*nodes, COURSE_NODE}
    shown, course_row = read_shown(user_id, structure.course_id, wanted)
    if course_row is not None and is_stale(course_row, structure, now):
        return _wanted(refresh(user_id, structure, now), wanted)
    return shown


def _wanted(rows: dict[int, NodeRow], wanted: Collection[int] | None) -> dict[int, NodeRow]:
    return rows if wanted is None else {node: row for node, row in rows.items() if node in wanted}


def course_rows(user_id: int, structures: Mapping[int, CourseStructure], now: datetime) -> dict[int, NodeRow]:
    """The learner's course rows of these courses (by course id), up to date at `now`: one query
    on the unique index, plus a refresh for a course whose moment has come."""
    table = STANDINGS
    found = db.session.execute(
        select(table.c.course_id, *_columns()).where(
            table.c.user_id == user_id, table.c.course_id.in_(structures), table.c.node == COURSE_NODE
        )
    )
    rows = {course_id: NodeRow(*values) for course_id, *values in found}
    for course_id, row in list(rows.items()):
        if is_stale(row, structures[course_id], now):
            rows[course_id] = refresh(user_id, structures[course_id], now)[COURSE_NODE]
    return rows


# --- Rebuilding from the history (migration path, `flask standings recompute`) ------------------


def rebuild(user: User, course: Course, now: datetime) -> dict[int, NodeRow]:
    """Recompute and store one learner's rows of one course from the history, and commit."""
    structure = course_structure(course)
    claim(user.id, course.id, [COURSE_NODE], structure.revision)
    rows = rebuild_rows(user.id, structure, now, read_rows(user.id, course.id))
    db.session.commit()
    return rows


def learners_and_courses(user: User | None = None) -> Iterator[tuple[User, Course]]:
    """Every (learner, course) with stored standings or review states (of one learner, or all)."""
    from_rows = select(StoredStanding.user_id, StoredStanding.course_id)
    from_reviews = (
        select(ReviewState.user_id, Topic.course_id)
        .join(Question, Question.id == ReviewState.question_id)
        .join(Topic, Topic.id == Question.topic_id)
    )
    if user is not None:
        from_rows = from_rows.where(StoredStanding.user_id == user.id)
        from_reviews = from_reviews.where(ReviewState.user_id == user.id)
    found = [*db.session.execute(from_rows.distinct()), *db.session.execute(from_reviews.distinct())]
    pairs = sorted({(user_id, course_id) for user_id, course_id in found})
    for user_id, course_id in pairs:
        learner, course = db.session.get(User, user_id), db.session.get(Course, course_id)
        if learner is not None and course is not None:
            yield learner, course


def rebuild_all(now: datetime, user: User | None = None) -> int:
    """Recompute the stored standings of every learner (or of one) on every course they have
    answered, from the history; returns how many (learner, course) pairs were rebuilt."""
    pairs = list(learners_and_courses(user))
    for learner, course in pairs:
        rebuild(learner, course, now)
    return len(pairs)
