"""Service settings, read from ``COOPSEC_*`` environment variables (pydantic-settings).

The service refuses to start outside development with the default secret: a forgotten setting must
never sign real tokens with a key printed in the source.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from coopsec.errors import SettingsError

DEFAULT_SECRET = "development-only-secret-change-me-before-deploying"


class Settings(BaseSettings):
    """Every setting of the service, with its environment variable ``COOPSEC_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="COOPSEC_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("var")
    database_url: str = ""
    secret_key: str = DEFAULT_SECRET
    #: Lifetime of a password login's access token, in minutes (at most a day). The dashboard renews its
    #: session cookie while the user is active; a script logs in again.
    access_token_minutes: int = Field(default=15, ge=1, le=1440)
    #: The longest a dashboard session lasts from its password login, in hours, however often it is renewed:
    #: a stolen cookie cannot be kept alive for ever by renewing it.
    session_max_hours: int = Field(default=12, ge=1, le=720)
    login_attempts_per_minute: int = Field(default=5, ge=1, le=1_000_000)
    #: Login attempts one client may make per minute across all usernames (stops one password sprayed over accounts).
    login_attempts_per_client_per_minute: int = Field(default=20, ge=1, le=10_000)
    #: Proxies whose X-Forwarded-For is believed (comma list of IPs or CIDRs); empty: the peer address is the client.
    trusted_proxies: str = ""
    #: The longest lifetime an API token may be given, in days (the default lifetime is the smaller of 30 and this).
    api_token_max_days: int = Field(default=90, ge=1, le=3650)
    # The Ed25519 key that signs audit tree heads, kept outside the database: a file (default
    # <data_dir>/audit-signing.key, created 0600 on first use) or the base64 seed in COOPSEC_AUDIT_KEY.
    audit_key_file: Path | None = None
    audit_key: str = ""
    #: The largest request body the service reads, in bytes (a larger one gets 413 before it is read).
    max_body_bytes: int = Field(default=1_048_576, ge=1024, le=1_073_741_824)
    #: Database connections per service process, and the threads FastAPI runs blocking work in: equal, so
    #: a thread never waits for a connection (40 is anyio's default thread pool).
    db_pool_size: int = Field(default=40, ge=1, le=1000)
    #: Seconds a request waits for a connection or the database's write lock before a 503 with Retry-After.
    db_timeout: float = Field(default=10.0, gt=0, le=300, allow_inf_nan=False)

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        # Named by its scheme only: the URL may hold a password, which no message repeats.
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if value and scheme.split("+", 1)[0] not in ("sqlite", "postgresql", "postgres"):
            shown = f"the scheme {scheme[:20]!r}" if scheme else "no scheme"
            raise ValueError(
                f"COOPSEC_DATABASE_URL has {shown}: use sqlite:///PATH or postgresql://user@host:port/db "
                "(or leave it unset for var/coopsec.db)"
            )
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        for item in (part.strip() for part in value.split(",")):
            if not item:
                continue
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as err:
                raise ValueError(
                    f"COOPSEC_TRUSTED_PROXIES: {item!r} is not an IP address or network: "
                    "use a comma list such as 10.0.0.5,192.168.1.0/24 (or leave it empty to trust no proxy)"
                ) from err
        return value

    @property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """The networks of ``COOPSEC_TRUSTED_PROXIES`` (validated at start)."""
        items = (p.strip() for p in self.trusted_proxies.split(","))
        return tuple(ipaddress.ip_network(p, strict=False) for p in items if p)

    @model_validator(mode="after")
    def _defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'coopsec.db'}"
        if self.session_max_hours * 60 < self.access_token_minutes:
            raise ValueError(
                f"COOPSEC_SESSION_MAX_HOURS={self.session_max_hours} is shorter than COOPSEC_ACCESS_TOKEN_MINUTES="
                f"{self.access_token_minutes}: a session must last at least one access token (raise the hours or "
                "lower the minutes)"
            )
        return self

    def check_safe(self) -> None:
        """Refuse unsafe settings outside development.

        Raises:
            SettingsError: with the variable to set.

        """
        if self.environment != "development" and self.secret_key == DEFAULT_SECRET:
            raise SettingsError(
                f"COOPSEC_SECRET_KEY is the development default but COOPSEC_ENVIRONMENT is {self.environment!r}: "
                "set COOPSEC_SECRET_KEY to a long random value (e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'`)"
            )
        if len(self.secret_key) < 32:
            raise SettingsError("COOPSEC_SECRET_KEY is shorter than 32 characters: use a long random value")


def _describe(error: Any) -> str:
    """One invalid setting in words, naming its environment variable."""
    field = str(error["loc"][0]) if error.get("loc") else ""
    name = f"COOPSEC_{field.upper()}"
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    given = str(error.get("input", ""))[:80]
    ctx = error.get("ctx") or {}
    bounds = [
        f"{word} {ctx[key]}" for key, word in (("ge", "at least"), ("gt", "more than"), ("le", "at most")) if key in ctx
    ]
    allowed = f" ({', '.join(bounds)})" if bounds else ""
    return message if message.startswith("COOPSEC_") else f"{name}={given!r}: {message}{allowed}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, checked once at start.

    Raises:
        SettingsError: naming every variable that is malformed or out of its range, and what it allows.

    """
    try:
        return Settings()
    except ValidationError as err:
        problems = "; ".join(_describe(e) for e in err.errors())
        raise SettingsError(f"invalid settings: {problems}; fix the environment and start again") from err
