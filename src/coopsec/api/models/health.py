"""Body of ``/health``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from coopsec.api.models.common import Body


class HealthOut(Body):
    """The service is up, and on which data and database it answers."""

    ok: bool
    status: Literal["up"]
    version: str = Field(description="coopsec's version")
    data: str = Field(description="Fingerprint of the knowledge base loaded (changes with the data)")
    database: str = Field(description="The database's dialect: sqlite or postgresql")
