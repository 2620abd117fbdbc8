"""The learning domain: courses as topic trees, questions, learners' preferences, attempts,
review state and stored standings — plus the site's items (learning resources) and contact messages.

Models hold data and invariants only: no request, no session handling, no HTML.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .auth.models import ApiToken, Role, TokenScope, User
from .extensions import Model
from .types import UTCDateTime, utcnow

__all__ = [
    "ApiToken",
    "Attempt",
    "CommunicationStyle",
    "ContactMessage",
    "Course",
    "CourseImage",
    "Explanation",
    "Generation",
    "GenerationStatus",
    "Item",
    "LearningPace",
    "LearningStyle",
    "Preferences",
    "Question",
    "QuestionKind",
    "ReviewState",
    "Role",
    "StoredStanding",
    "TokenScope",
    "Topic",
    "User",
    "Verdict",
]


def _enum(cls: type[enum.Enum], length: int) -> Enum:
    """A portable enum column stored as its lower-case value (VARCHAR + CHECK, no native type)."""
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class CommunicationStyle(enum.StrEnum):
    """How the learner likes to be spoken to (docs/pages.md §2)."""

    FORMAL = "formal"
    INFORMAL = "informal"
    DETAILED = "detailed"
    CONCISE = "concise"


class LearningPace(enum.StrEnum):
    """How fast the learner wants new material."""

    SLOW = "slow"
    MODERATE = "moderate"
    FAST = "fast"


class LearningStyle(enum.StrEnum):
    """How the learner learns best."""

    VISUAL = "visual"
    AUDITORY = "auditory"
    KINESTHETIC = "kinesthetic"


class QuestionKind(enum.StrEnum):
    """The answer formats a question can take."""

    SHORT = "short"  # free text, several accepted answers
    CHOICE = "choice"  # multiple choice with one right option: `answers` holds it, among `choices`
    MULTIPLE = "multiple"  # multiple choice with several right options (checkboxes), all in `answers`
    TRUE_FALSE = "truefalse"  # `answers` is ["vrai"] or ["faux"]
    NUMERIC = "numeric"  # a number: a value ± `tolerance`, or a range "min..max"


class Verdict(enum.StrEnum):
    """The grade of one answer."""

    CORRECT = "correct"
    ALMOST = "almost"  # accepted with a small typo
    INCORRECT = "incorrect"


class Item(Model):
    """A learning resource (the founding document's items), shown in the Ressources tab."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500))
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"), index=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ContactMessage(Model):
    """A message sent through the contact form, read by admins."""

    __tablename__ = "contact_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(254))
    message: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Course(Model):
    """A course: a titled tree of topics, published or still a draft of its author."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="fr")
    published: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    topics: Mapped[list[Topic]] = relationship(
        back_populates="course", cascade="all, delete-orphan", passive_deletes=True
    )
    author: Mapped[User | None] = relationship()


class Topic(Model):
    """A node of a course tree. A topic without children is a leaf and holds questions."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    lesson: Mapped[str] = mapped_column(Text, default="")  # Markdown, rendered sanitised

    course: Mapped[Course] = relationship(back_populates="topics")
    questions: Mapped[list[Question]] = relationship(
        back_populates="topic",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Question.position",
    )

    __table_args__ = (UniqueConstraint("course_id", "slug", name="uq_topics_course_slug"),)


class Question(Model):
    """A question of a leaf topic. `answers` lists every accepted answer; tier is 1–3."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind, 16), default=QuestionKind.SHORT)
    prompt: Mapped[str] = mapped_column(Text)
    answers: Mapped[list[str]] = mapped_column(JSON)
    choices: Mapped[list[str] | None] = mapped_column(JSON)
    tolerance: Mapped[float | None] = mapped_column(Float)  # numeric: accepted absolute error
    explanation: Mapped[str] = mapped_column(Text, default="")
    tier: Mapped[int] = mapped_column(Integer, default=1)
    # Spelling counts (spelling, grammar, conjugation): a missing accent or a typo is incorrect.
    strict: Mapped[bool] = mapped_column(default=False, server_default=false())

    topic: Mapped[Topic] = relationship(back_populates="questions")

    __table_args__ = (UniqueConstraint("topic_id", "position", name="uq_questions_topic_position"),)


class CourseImage(Model):
    """An image an author uploaded for a course's lessons and prompts, stored on disk by digest.

    The file lives in the upload folder as `<digest>.<extension>`; the row says which course it
    belongs to (its readers may see it) and what it is. The same bytes uploaded twice to a course
    are one image.
    """

    __tablename__ = "course_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the bytes, hex
    content_type: Mapped[str] = mapped_column(String(32))  # image/png, image/jpeg, image/webp, image/gif
    byte_size: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("course_id", "digest", name="uq_course_images_course_digest"),)


class Preferences(Model):
    """How one learner likes to learn (docs/pages.md §2); one row per user."""

    __tablename__ = "preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    communication_style: Mapped[CommunicationStyle] = mapped_column(
        _enum(CommunicationStyle, 16), default=CommunicationStyle.INFORMAL
    )
    learning_pace: Mapped[LearningPace] = mapped_column(
        _enum(LearningPace, 16), default=LearningPace.MODERATE
    )
    learning_style: Mapped[LearningStyle] = mapped_column(
        _enum(LearningStyle, 16), default=LearningStyle.VISUAL
    )
    custom_preferences: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()


class Attempt(Model):
    """One answer given by a learner: append-only history, never updated."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str] = mapped_column(Text)
    verdict: Mapped[Verdict] = mapped_column(_enum(Verdict, 16))
    tier: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship()

    __table_args__ = (Index("ix_attempts_user_created", "user_id", "created_at"),)


class ReviewState(Model):
    """The FSRS card of one learner for one question: when it is due and how well it is held."""

    __tablename__ = "review_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    state: Mapped[int] = mapped_column(Integer, default=1)  # fsrs.State value
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)

    question: Mapped[Question] = relationship()

    __table_args__ = (
        UniqueConstraint("user_id", "question_id", name="uq_review_states_user_question"),
        Index("ix_review_states_user_due", "user_id", "due"),
    )


COURSE_NODE = 0  # the `node` of a learner's row for a whole course (topic ids start at 1)


class StoredStanding(Model):
    """A learner's standing on one node of a course, stored so that reading it costs one indexed
    query (the rule and its upkeep: services/standings.py and docs/learning-rules.md).

    One row per (learner, course, node): a leaf (node = its topic id) holds the standing earned,
    tier and step before forgetting, and the level it shows today; a branch (its topic id) and the
    course (node = COURSE_NODE) hold the sum of the shown levels of their started leaves and how
    many there are, so the mean, unstarted leaves counting as level 1, follows from the course
    structure. `valid_until` is the earliest moment a shown level below the node may drop with
    forgetting (None: never). The course row also keeps what the dashboard shows, today's score and
    the learner's answers on the course by verdict.
    """

    __tablename__ = "standings"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    node: Mapped[int] = mapped_column(Integer)
    tier: Mapped[int | None] = mapped_column(Integer)  # a leaf: earned before forgetting (None: not yet)
    step: Mapped[int | None] = mapped_column(Integer)
    level_sum: Mapped[int] = mapped_column(Integer, default=0)
    started: Mapped[int] = mapped_column(Integer, default=0)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seen: Mapped[int] = mapped_column(Integer, default=0)  # the course: questions answered at least once
    last_activity: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score_day: Mapped[date | None] = mapped_column(Date)  # the course: the UTC day of the two counts below
    day_accepted: Mapped[int] = mapped_column(Integer, default=0)
    day_incorrect: Mapped[int] = mapped_column(Integer, default=0)
    answers_correct: Mapped[int] = mapped_column(Integer, default=0)  # the course: every answer, by verdict
    answers_almost: Mapped[int] = mapped_column(Integer, default=0)
    answers_incorrect: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the course: structure followed
    # Moved on by every claim of the row (each answer, each rebuild): a view of the learner's
    # standing kept by a process is valid while it is unchanged (app/learner_views.py).
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "course_id", "node", name="uq_standings_user_course_node"),)


class GenerationStatus(enum.StrEnum):
    """Where a course generation stands; the last three are final."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """True once the job will change no more."""
        return self in {GenerationStatus.DONE, GenerationStatus.FAILED, GenerationStatus.CANCELLED}


class Generation(Model):
    """One request to write a course with the language model, run as a background job.

    The row is the job's whole state: the worker writes its progress here after each step and reads
    `cancel_requested` between steps, so the job page survives leaving it and coming back. While it
    runs, the worker also writes `heartbeat_at` every JOB_HEARTBEAT_SECONDS: a running job whose
    heartbeat stopped lost its worker and is ended as failed (services/generations.py).
    """

    __tablename__ = "generations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[GenerationStatus] = mapped_column(
        _enum(GenerationStatus, 16), default=GenerationStatus.QUEUED
    )
    subject: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(8), default="fr")
    topics: Mapped[int] = mapped_column(Integer)
    questions_per_topic: Mapped[int] = mapped_column(Integer)
    source_text: Mapped[str | None] = mapped_column(Text)
    source_name: Mapped[str] = mapped_column(String(255), default="")
    steps_done: Mapped[int] = mapped_column(Integer, default=0)
    steps_total: Mapped[int] = mapped_column(Integer, default=0)
    current_step: Mapped[str] = mapped_column(String(300), default="")
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"))
    cancel_requested: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the worker's last sign of life

    course: Mapped[Course | None] = relationship()

    __table_args__ = (Index("ix_generations_user_created", "user_id", "created_at"),)

    @property
    def tokens(self) -> int:
        """Tokens spent so far, prompts and answers together."""
        return self.prompt_tokens + self.completion_tokens


class Explanation(Model):
    """An explanation a language model wrote for one question, one kind of learner and, when one
    was given, one wrong answer: kept so that the next learner with the same mistake and the same
    preferences reads it at no cost (app/services/explanations.py, docs/learning-rules.md).

    `answer_key` is the normalised wrong answer ("" when asked before answering); `style_key` the
    prompt's version and the preferences it was written for. A learner's free notes make the row
    theirs alone: `owner_id` is set and `notes_digest` (an HMAC of those notes) tells whether the
    notes have changed since. Rows without an owner hold nothing personal and are shared.
    """

    __tablename__ = "explanations"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    answer_key: Mapped[str] = mapped_column(String(500), default="")
    style_key: Mapped[str] = mapped_column(String(80))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    notes_digest: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)
    model: Mapped[str] = mapped_column(String(120), default="")
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_explanations_lookup", "question_id", "answer_key", "style_key"),)
