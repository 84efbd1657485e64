"""What every command shares: loading the knowledge base, dates, JSON output and error handling.

Errors a user can cause exit with status 2 and a message on stderr that names the bad value and the
accepted forms; a broken data folder exits with 1 and lists every issue. Never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import typer
from rich.console import Console

from coopsec.dates import parse_date
from coopsec.errors import CoopsecError, DataError, InputError
from coopsec.kb import KnowledgeBase, load_knowledge_base

T = TypeVar("T")

out = Console(soft_wrap=False)
err = Console(stderr=True)

JSON_HELP = "Print JSON (the contract of DESIGN.md) instead of tables."
ON_HELP = "As of this date (YYYY-MM-DD; start of day). Default: today."


def fail(message: str, code: int) -> NoReturn:
    """Print ``message`` on stderr and exit with ``code``."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


def guarded(action: Callable[[], T]) -> T:
    """Run a command body, turning coopsec errors into exit codes and messages."""
    try:
        return action()
    except InputError as error:
        fail(str(error), 2)
    except DataError as error:
        fail(str(error), 1)
    except CoopsecError as error:
        fail(str(error), 1)


def knowledge_base() -> KnowledgeBase:
    """The bundled knowledge base, from the cache when it is current."""
    return load_knowledge_base()


def on_date(text: str | None) -> dt.date:
    """The ``--on`` date, defaulting to today."""
    return dt.date.today() if text is None else parse_date(text, what="--on")


def emit_json(payload: Any) -> None:
    """Write one JSON document to stdout."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
