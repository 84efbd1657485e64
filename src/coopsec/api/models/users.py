"""Bodies of ``/users`` and ``/audit/verify`` (administration)."""

from __future__ import annotations

from pydantic import Field

from coopsec.api.models.common import AuthorityOut, Body, PageOut
from coopsec.store.models import Role


class UserOut(Body):
    """A user as administrators see them (never a password)."""

    username: str
    authority: AuthorityOut
    roles: list[Role]
    disabled: bool = Field(description="A disabled user cannot log in and their tokens do not work")


class UsersOut(Body):
    """A page of users.

    ``total``, ``limit`` and ``offset`` repeat the page object at the top level, where clients of the
    first version read them.
    """

    items: list[UserOut]
    total: int = Field(ge=0)
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)
    page: PageOut


class AuditCheck(Body):
    """The result of checking the audit chain."""

    ok: bool = Field(description="True when the chain is intact")
    entries: int = Field(ge=0, description="How many entries were checked")
    problems: list[str] = Field(description="What is wrong, one entry per problem")
