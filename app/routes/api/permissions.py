"""Who may do what, in one place: every API view asks `require(user, action, obj)` here.

The rules (tests/api/test_permissions_matrix.py walks every endpoint × method × role):

* items — every signed-in role reads; authors and admins write;
* courses, topics, questions — a course is readable when published, by its author and by admins;
  it is writable by its author and by admins; topics and questions follow their course. A course
  one cannot read answers 404 (drafts stay secret); one readable but not one's own answers 403;
* a question's accepted answers, tolerance and explanation go only to those who may edit it;
* users — admins only;
* tokens and the profile — their owner only; another person's token answers 404.
"""

from __future__ import annotations

import enum

from flask_babel import gettext as _
from flask_login import current_user

from ...auth.models import ApiToken, Role, User
from ...models import Course, Item, Question, Topic
from ...services.errors import NotFound, PermissionDenied


class Action(enum.StrEnum):
    """What a caller wants to do with an object (or, for CREATE/LIST, with a kind of object)."""

    LIST = "list"
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


Subject = Item | Course | Topic | Question | User | ApiToken | type


def course_of(obj: Course | Topic | Question) -> Course:
    """The course a topic or question belongs to (a course is its own)."""
    if isinstance(obj, Question):
        return obj.topic.course
    if isinstance(obj, Topic):
        return obj.course
    return obj


def owns_course(user: User, course: Course) -> bool:
    """True for the course's author and for admins: they may edit it and see its answers."""
    return user.has_role(Role.ADMIN) or (course.author_id is not None and course.author_id == user.id)


def _can_read(user: User, obj: Subject) -> bool:
    if isinstance(obj, Course | Topic | Question):
        course = course_of(obj)
        return course.published or owns_course(user, course)
    if isinstance(obj, User):
        return user.has_role(Role.ADMIN)
    if isinstance(obj, ApiToken):
        return obj.user_id == user.id
    return True  # items, and kinds of objects (a class) for LIST/CREATE


def can(user: User | None, action: Action, obj: Subject) -> bool:
    """True when `user` may do `action` on `obj` (an instance, or a model class for LIST/CREATE)."""
    if user is None or not user.is_authenticated:
        return False
    if not _can_read(user, obj):
        return False
    if isinstance(obj, type):
        if obj is User:
            return user.has_role(Role.ADMIN)
        if obj in (Item, Course, Topic, Question) and action is Action.CREATE:
            return user.has_role(Role.AUTHOR)
        return True
    if action in (Action.READ, Action.LIST):
        return True
    if isinstance(obj, Item):
        return user.has_role(Role.AUTHOR)
    if isinstance(obj, Course | Topic | Question):
        return owns_course(user, course_of(obj))
    if isinstance(obj, User):
        return user.has_role(Role.ADMIN)
    if isinstance(obj, ApiToken):
        return obj.user_id == user.id
    return False


def require(user: User, action: Action, obj: Subject) -> None:
    """Raise NotFound when `user` may not even know `obj` exists, PermissionDenied when they may
    see it but not do `action`; return quietly otherwise."""
    if not isinstance(obj, type) and not _can_read(user, obj):
        raise NotFound(_("Cette ressource n'existe pas."))
    if not can(user, action, obj):
        raise PermissionDenied(_("Vous n'avez pas le droit de faire cela."))


def can_see_answers(user: User, question: Question) -> bool:
    """Accepted answers, tolerance and explanation: only for who may edit the question."""
    return can(user, Action.UPDATE, question)


def signed_in() -> User:
    """The real User behind `current_user` (the guards of `register_api` have checked there is one)."""
    user = current_user._get_current_object()
    assert isinstance(user, User)
    return user
