"""Who may do what, in one place, for the pages, the API and the services alike.

Deny by default: `RULES` holds, per model type, one rule per action; a type or an action without
a rule is refused. The rules (tests/api/test_permissions_matrix.py walks every API endpoint ×
role, tests/api/test_policy.py the rules themselves):

* courses — readable when published, by their author and by admins (`can_read_course`, and its
  SQL twin `readable_courses`); any signed-in person may create one (a private draft for their own
  study); their author and admins change and delete them; publishing needs the author role (or
  admin) on a course one owns;
* topics, questions and course images follow their course; asking a language model to explain a
  question again (EXPLAIN) is for whoever may read it: learners on published courses, the author
  on their drafts;
* items (learning resources) — one with a course is read where its course is readable and written
  by that course's author and admins; one without a course is site-wide: read by everyone signed
  in, written by admins only;
* a question's accepted answers, tolerance and explanation go only to those who may edit it;
* users — admins only; tokens — their owner only;
* course generations (jobs writing a course with the language model) — authors and admins start
  and list them; each person reads and cancels only their own (an admin too: others' are 404).
* an admin's powers count only once they are unlocked (`acts_as_admin`): with REQUIRE_ADMIN_2FA
  on (production), an admin without two-factor is treated as an author everywhere — pages, API
  and services — so a stolen password alone never reaches other people's data.

`require` answers NotFound when the user may not even know the object exists (a draft stays
secret), PermissionDenied when they may see it but not do the action.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, cast

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Table, and_, or_, select, true

from ..extensions import db
from ..models import Course, CourseImage, Generation, Item, Question, Topic
from ..services.errors import NotFound, PermissionDenied
from .models import ApiToken, Role, User


class Action(enum.StrEnum):
    """What a caller wants to do with an object (or, for LIST/CREATE, with a kind of object)."""

    LIST = "list"
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    PUBLISH = "publish"
    EXPLAIN = "explain"  # ask for an explanation written for oneself (app/services/explanations.py)


Rule = Callable[[User, Any], bool]
"""A rule answers for a signed-in user and an object (an instance, or a model class for LIST/CREATE)."""


def course_of(obj: Course | Topic | Question | CourseImage) -> Course:
    """The course a topic, question or course image belongs to (a course is its own). A new
    object not yet attached by relationship is looked up by its foreign key."""
    if isinstance(obj, Course):
        return obj
    if isinstance(obj, Question):
        topic = obj.topic if obj.topic is not None else db.session.get(Topic, obj.topic_id)
        if topic is None:
            raise NotFound(_("Ce thème n'existe pas."))
        return course_of(topic)
    course = obj.course if isinstance(obj, Topic) and obj.course is not None else None
    course = course or db.session.get(Course, obj.course_id)
    if course is None:
        raise NotFound(_("Ce cours n'existe pas."))
    return course


def acts_as_admin(user: User) -> bool:
    """True for an admin whose powers are unlocked: always, or with REQUIRE_ADMIN_2FA on, only
    once they have enabled two-factor authentication."""
    if not user.has_role(Role.ADMIN):
        return False
    return user.two_factor_enabled or not current_app.config.get("REQUIRE_ADMIN_2FA", False)


def owns_course(user: User, course: Course) -> bool:
    """True for the course's author and for admins: they may edit it and see its answers."""
    return acts_as_admin(user) or (course.author_id is not None and course.author_id == user.id)


def can_read_course(user: User | None, course: Course) -> bool:
    """The read rule, written once: published, or the user is its author, or an admin."""
    if course.published:
        return True
    return user is not None and user.is_authenticated and owns_course(user, course)


COURSES = cast(Table, Course.__table__)  # the read conditions are written on the table's columns


def readable_courses(user: User | None) -> ColumnElement[bool]:
    """`can_read_course` as an SQL condition on `Course`, for listings."""
    if user is None or not user.is_authenticated:
        return COURSES.c.published.is_(True)
    return readable_courses_of(acts_as_admin(user), user.id)


def readable_courses_of(admin: bool, user_id: Any) -> ColumnElement[bool]:
    """`readable_courses` of a signed-in person whose powers are known; `user_id` may be a
    `bindparam`, for a statement built once per role and run for anyone. Written on the table's
    columns, so that a Core statement using it stays a Core statement (an ORM query takes it too)."""
    if admin:
        return true()
    return or_(COURSES.c.published.is_(True), COURSES.c.author_id == user_id)


def item_course(item: Item) -> Course | None:
    """The course an item belongs to: its own, else its topic's; None for a site-wide item."""
    if item.course_id is not None:
        return db.session.get(Course, item.course_id)
    if item.topic_id is not None:
        topic = db.session.get(Topic, item.topic_id)
        return topic.course if topic is not None else None
    return None


def _site_wide(item: Item) -> bool:
    return item.course_id is None and item.topic_id is None


def readable_items(user: User | None) -> ColumnElement[bool]:
    """The items this user may list, as an SQL condition on `Item`: the site-wide ones and those
    of a readable course (through `course_id`, or through `topic_id` when no course is set)."""
    readable = select(Course.id).where(readable_courses(user))
    return or_(
        and_(Item.course_id.is_(None), Item.topic_id.is_(None)),
        Item.course_id.in_(readable),
        and_(
            Item.course_id.is_(None), Item.topic_id.in_(select(Topic.id).where(Topic.course_id.in_(readable)))
        ),
    )


def _read_item(user: User, item: Item) -> bool:
    if _site_wide(item):
        return True
    course = item_course(item)
    return course is not None and can_read_course(user, course)


def _write_item(user: User, item: Item | type[Item]) -> bool:
    """Items of a course: its author and admins; site-wide items (or the kind): admins only."""
    if isinstance(item, type) or _site_wide(item):
        return acts_as_admin(user)
    course = item_course(item)
    return course is not None and owns_course(user, course)


def _publish(user: User, course: Course) -> bool:
    return user.has_role(Role.AUTHOR) and owns_course(user, course)


def _anyone(user: User, obj: Any) -> bool:
    return True


def _admins(user: User, obj: Any) -> bool:
    return acts_as_admin(user)


def _authors(user: User, obj: Any) -> bool:
    return user.has_role(Role.AUTHOR)


def _reads_course(user: User, obj: Course | Topic | Question | CourseImage) -> bool:
    return can_read_course(user, course_of(obj))


def _owns_course_of(user: User, obj: Course | Topic | Question | CourseImage) -> bool:
    return not isinstance(obj, type) and owns_course(user, course_of(obj))


def _token_owner(user: User, token: ApiToken) -> bool:
    return not isinstance(token, type) and token.user_id == user.id


def _owner(user: User, obj: Any) -> bool:
    return not isinstance(obj, type) and obj.user_id == user.id


# A per-user record (its `user_id` is its owner): anyone signed in lists and creates their own;
# only the owner reads, changes and deletes it. What `flask scaffold resource` generates uses it.
OWNED_BY_USER: Mapping[Action, Rule] = {
    Action.LIST: _anyone,
    Action.CREATE: _anyone,
    Action.READ: _owner,
    Action.UPDATE: _owner,
    Action.DELETE: _owner,
}

_COURSE_PART: Mapping[Action, Rule] = {
    Action.LIST: _anyone,
    Action.READ: _reads_course,
    Action.CREATE: _owns_course_of,  # on a new child whose course is set
    Action.UPDATE: _owns_course_of,
    Action.DELETE: _owns_course_of,
}

RULES: Mapping[type, Mapping[Action, Rule]] = {
    Course: {
        Action.LIST: _anyone,
        Action.READ: _reads_course,
        Action.CREATE: _anyone,
        Action.UPDATE: _owns_course_of,
        Action.DELETE: _owns_course_of,
        Action.PUBLISH: _publish,
    },
    Topic: _COURSE_PART,
    Question: {**_COURSE_PART, Action.EXPLAIN: _reads_course},
    CourseImage: _COURSE_PART,
    Item: {
        Action.LIST: _anyone,
        Action.READ: _read_item,
        Action.CREATE: _write_item,
        Action.UPDATE: _write_item,
        Action.DELETE: _write_item,
    },
    User: dict.fromkeys(Action, _admins),
    Generation: {
        Action.LIST: _authors,
        Action.CREATE: _authors,
        Action.READ: _owner,
        Action.UPDATE: _owner,
        Action.DELETE: _owner,
    },
    ApiToken: {
        Action.LIST: _anyone,
        Action.CREATE: _anyone,
        Action.READ: _token_owner,
        Action.UPDATE: _token_owner,
        Action.DELETE: _token_owner,
    },
}


def can(user: User | None, action: Action, obj: Any) -> bool:
    """True when `user` may do `action` on `obj` (an instance, or a model class for LIST/CREATE).

    Anonymous visitors, unknown types and actions without a rule are refused."""
    if user is None or not user.is_authenticated:
        return False
    kind = obj if isinstance(obj, type) else type(obj)
    rule = RULES.get(kind, {}).get(action)
    if rule is None:
        return False
    if not isinstance(obj, type) and action is not Action.READ and not _readable(user, obj):
        return False
    return rule(user, obj)


def _readable(user: User, obj: Any) -> bool:
    rule = RULES.get(type(obj), {}).get(Action.READ)
    return rule is not None and rule(user, obj)


def require(user: User | None, action: Action, obj: Any) -> None:
    """Raise NotFound when `user` may not even know `obj` exists, PermissionDenied when they may
    see it but not do `action`; return quietly otherwise."""
    if user is None or not user.is_authenticated:
        raise NotFound(_("Cette ressource n'existe pas."))
    if not isinstance(obj, type) and not _readable(user, obj):
        raise NotFound(_("Cette ressource n'existe pas."))
    if not can(user, action, obj):
        if user.has_role(Role.ADMIN) and not acts_as_admin(user):
            raise PermissionDenied(
                _("Activez la double authentification pour utiliser vos droits d'administrateur.")
            )
        if action is Action.PUBLISH:
            raise PermissionDenied(_("Seuls les auteurs peuvent publier un cours."))
        raise PermissionDenied(_("Vous n'avez pas le droit de faire cela."))


def require_course_changes(user: User | None, course: Course, changes: Mapping[str, Any]) -> None:
    """`require` for writing `changes` to a course (a new one when it has no id yet): creating or
    updating it, and publishing it when the changes set `published` on a course not yet published.
    Pages and the API both call this, so no form can publish around the rule."""
    require(
        user, Action.CREATE if course.id is None else Action.UPDATE, Course if course.id is None else course
    )
    if changes.get("published") and not course.published:
        require(user, Action.PUBLISH, course)


def can_see_answers(user: User | None, question: Question) -> bool:
    """Accepted answers, tolerance and explanation: only for who may edit the question."""
    return can(user, Action.UPDATE, question)
