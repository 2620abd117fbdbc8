"""Stored standings

A learner's standing on every node of a course is stored (`standings`) instead of recomputed from
all their review states on every read: leaf rows take over the standings earned (`masteries`, then
dropped), branch and course rows hold the sums, and every row says until when forgetting leaves it
unchanged. The data step computes the rows of every existing learner at migration time with the
rule of app/services/standings.py (docs/learning-rules.md §2).

Revision ID: 61fdba0a742c
Revises: 4d7a1c9e2b60
Create Date: 2026-12-01 03:21:09.494551

"""
from collections import defaultdict
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '61fdba0a742c'
down_revision = '4d7a1c9e2b60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('standings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('node', sa.Integer(), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=True),
    sa.Column('step', sa.Integer(), nullable=True),
    sa.Column('level_sum', sa.Integer(), nullable=False),
    sa.Column('started', sa.Integer(), nullable=False),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('seen', sa.Integer(), nullable=False),
    sa.Column('last_activity', sa.DateTime(timezone=True), nullable=True),
    sa.Column('score_day', sa.Date(), nullable=True),
    sa.Column('day_accepted', sa.Integer(), nullable=False),
    sa.Column('day_incorrect', sa.Integer(), nullable=False),
    sa.Column('answers_correct', sa.Integer(), nullable=False),
    sa.Column('answers_almost', sa.Integer(), nullable=False),
    sa.Column('answers_incorrect', sa.Integer(), nullable=False),
    sa.Column('revision', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_standings_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_standings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standings')),
    sa.UniqueConstraint('user_id', 'course_id', 'node', name='uq_standings_user_course_node')
    )
    with op.batch_alter_table('standings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standings_course_id'), ['course_id'], unique=False)

    _store_standings(datetime.now(UTC))

    with op.batch_alter_table('masteries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_masteries_topic_id'))

    op.drop_table('masteries')


def downgrade():
    op.create_table('masteries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_masteries_topic_id_topics'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_masteries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_masteries')),
    sa.UniqueConstraint('user_id', 'topic_id', name='uq_masteries_user_topic')
    )
    with op.batch_alter_table('masteries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_masteries_topic_id'), ['topic_id'], unique=False)

    op.execute(
        "INSERT INTO masteries (user_id, topic_id, tier, step, updated_at) "
        "SELECT user_id, node, tier, step, updated_at FROM standings "
        "WHERE node <> 0 AND tier IS NOT NULL AND step IS NOT NULL"
    )

    with op.batch_alter_table('standings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standings_course_id'))

    op.drop_table('standings')


def _utc(moment):
    """An aware UTC datetime from what the driver returns (SQLite forgets the zone)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _store_standings(now):
    """Every learner's rows on every course they answered, computed as the application does."""
    from app.services.course_structure import build_structure
    from app.services.mastery import Standing
    from app.models import COURSE_NODE
    from app.services.standings import NodeRow, ROW_COLUMNS, latest, leaf_row, with_aggregates

    bind = op.get_bind()
    moment = sa.DateTime(timezone=True)
    courses_t = sa.table('courses', sa.column('id', sa.Integer), sa.column('updated_at', moment))
    topics_t = sa.table('topics', sa.column('id', sa.Integer), sa.column('course_id', sa.Integer),
                        sa.column('slug', sa.String), sa.column('title', sa.String),
                        sa.column('parent_id', sa.Integer), sa.column('position', sa.Integer))
    questions_t = sa.table('questions', sa.column('id', sa.Integer), sa.column('topic_id', sa.Integer))
    masteries_t = sa.table('masteries', sa.column('user_id', sa.Integer), sa.column('topic_id', sa.Integer),
                           sa.column('tier', sa.Integer), sa.column('step', sa.Integer))
    states_t = sa.table('review_states', sa.column('user_id', sa.Integer), sa.column('question_id', sa.Integer),
                        sa.column('stability', sa.Float), sa.column('last_review', moment))
    attempts_t = sa.table('attempts', sa.column('user_id', sa.Integer), sa.column('question_id', sa.Integer),
                          sa.column('verdict', sa.String), sa.column('created_at', moment))

    topics_by_course = defaultdict(list)
    course_of_topic = {}
    for row in bind.execute(sa.select(topics_t).order_by(topics_t.c.position, topics_t.c.id)):
        topics_by_course[row.course_id].append((row.id, row.slug, row.title, row.parent_id, row.position))
        course_of_topic[row.id] = row.course_id
    questions_by_course = defaultdict(list)
    topic_of_question = {}
    for question_id, topic_id in bind.execute(sa.select(questions_t).order_by(questions_t.c.id)):
        questions_by_course[course_of_topic[topic_id]].append((question_id, topic_id))
        topic_of_question[question_id] = topic_id
    structures = {
        course_id: build_structure(course_id, _utc(updated_at), topics_by_course[course_id], questions_by_course[course_id])
        for course_id, updated_at in bind.execute(sa.select(courses_t))
    }

    earned = defaultdict(dict)  # (user, course) → {topic: Standing}
    for user_id, topic_id, tier, step in bind.execute(sa.select(masteries_t)):
        if topic_id in course_of_topic:
            earned[user_id, course_of_topic[topic_id]][topic_id] = Standing(tier, step)
    cards = defaultdict(lambda: defaultdict(list))  # (user, course) → {topic: [card]}
    activity = defaultdict(lambda: [0, None])  # (user, course) → [seen, last activity]
    for user_id, question_id, stability, last_review in bind.execute(sa.select(states_t)):
        topic_id = topic_of_question.get(question_id)
        if topic_id is None:
            continue
        key = (user_id, course_of_topic[topic_id])
        cards[key][topic_id].append((stability, _utc(last_review)))
        activity[key][0] += 1
        activity[key][1] = latest(activity[key][1], _utc(last_review))
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    today = defaultdict(lambda: [0, 0])  # (user, course) → [accepted, incorrect]
    answers = defaultdict(lambda: {'correct': 0, 'almost': 0, 'incorrect': 0})  # (user, course) → by verdict
    for user_id, question_id, verdict, created_at in bind.execute(sa.select(attempts_t)):
        topic_id = topic_of_question.get(question_id)
        if topic_id is None:
            continue
        key = (user_id, course_of_topic[topic_id])
        answers[key][verdict] += 1
        if _utc(created_at) >= start:
            today[key][verdict == 'incorrect'] += 1

    values = []
    for key in sorted(set(earned) | set(cards) | set(answers)):
        user_id, course_id = key
        structure = structures[course_id]
        leaves = set(structure.leaves)
        rows = {
            topic_id: leaf_row(NodeRow(topic_id), standing, cards[key].get(topic_id, []), now)
            for topic_id, standing in earned[key].items()
            if topic_id in leaves
        }
        for topic_id, standing in earned[key].items():  # kept on a topic that became a branch
            if topic_id not in leaves:
                rows[topic_id] = NodeRow(topic_id, tier=standing.tier, step=standing.step)
        seen, last_activity = activity[key]
        accepted, incorrect = today[key]
        course_row = NodeRow(COURSE_NODE, seen=seen, last_activity=last_activity, score_day=now.date(),
                             day_accepted=accepted, day_incorrect=incorrect,
                             answers_correct=answers[key]['correct'], answers_almost=answers[key]['almost'],
                             answers_incorrect=answers[key]['incorrect'])
        for row in with_aggregates(structure, rows, course_row).values():
            values.append({'user_id': user_id, 'course_id': course_id, 'updated_at': now,
                           **{name: getattr(row, name) for name in ROW_COLUMNS}})
    typed = sa.table('standings', sa.column('user_id', sa.Integer), sa.column('course_id', sa.Integer),
                     sa.column('updated_at', moment), sa.column('valid_until', moment),
                     sa.column('last_activity', moment), sa.column('revision', moment),
                     sa.column('score_day', sa.Date), *(sa.column(name, sa.Integer) for name in
                     ('node', 'tier', 'step', 'level_sum', 'started', 'seen', 'day_accepted', 'day_incorrect',
                      'answers_correct', 'answers_almost', 'answers_incorrect')))
    for first in range(0, len(values), 500):
        bind.execute(sa.insert(typed), values[first:first + 500])
