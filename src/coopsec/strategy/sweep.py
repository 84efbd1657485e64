"""Parameter sweeps and Dask: the same pure tasks on one process or on a cluster.

A sweep file names strategies (paths relative to it), years, runs, a seed and a grid of multipliers
of the key assumptions (:class:`~coopsec.strategy.table.Knobs`). Each grid point is a task that
loads the bundled knowledge base and register in its own process and simulates every strategy with
the sweep's seed, so a point's numbers do not depend on where it runs: a local run, a
``LocalCluster`` and a remote scheduler give the same table. :func:`dask_mapper` spreads the blocks
of one simulation the same way (``coopsec strategy simulate --dask``).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coopsec.errors import DataIssue, InputError
from coopsec.kb import load_knowledge_base
from coopsec.kb.yamlio import read_yaml
from coopsec.strategy.register import bundled_register
from coopsec.strategy.simulate import OUTCOMES, Block, Mapper, Means, run_block
from coopsec.strategy.strategies import StrategyFileError, check_strategy
from coopsec.strategy.table import Knobs, Table


class SweepFile(BaseModel):
    """A sweep file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    strategies: list[str] = Field(min_length=1, max_length=10)
    years: int = Field(ge=1, le=50)
    runs: int = Field(ge=1, le=100_000)
    seed: int = Field(ge=0)
    grid: dict[str, list[float]] = Field(min_length=1)


def load_sweep(path: Path) -> tuple[SweepFile, list[tuple[str, object]]]:
    """The sweep and its strategies' raw content (checked on the worker against the register).

    Raises:
        InputError: no such file or strategy file.
        StrategyFileError: a bad sweep file, naming the key (unknown knobs too).

    """
    if not path.is_file():
        raise InputError(f"no sweep file {str(path)!r}: give the path of a YAML file (see examples/sweep.yaml)")
    raw, found = read_yaml(path, path.name)
    if found:
        raise StrategyFileError(list(found))
    try:
        sweep = SweepFile.model_validate(raw)
    except ValidationError as err:
        issues = [DataIssue(path.name, ".".join(str(p) for p in e["loc"]), e["msg"]) for e in err.errors()]
        raise StrategyFileError(issues) from None
    knobs = set(Knobs.__dataclass_fields__)
    bad = [DataIssue(path.name, f"grid.{k}", f"unknown knob: use {', '.join(sorted(knobs))}") for k in sweep.grid]
    bad = [b for b in bad if b.path.split(".", 1)[1] not in knobs]
    if bad:
        raise StrategyFileError(bad)
    strategies = []
    for rel in sweep.strategies:
        file = path.parent / rel
        if not file.is_file():
            raise InputError(f"{path.name}: strategy file {rel!r} not found next to the sweep file")
        content, issues = read_yaml(file, file.name)
        if issues:
            raise StrategyFileError(list(issues))
        strategies.append((file.name, content))
    return sweep, strategies


def points(grid: dict[str, list[float]]) -> list[dict[str, float]]:
    """Every combination of the grid, in a fixed order (keys sorted, values as given)."""
    keys = sorted(grid)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*(grid[k] for k in keys))]


def sweep_point(
    strategies: list[tuple[str, object]], point: dict[str, float], years: int, runs: int, seed: int
) -> dict[str, Any]:
    """One grid point: a pure task (loads the bundled data in the process it runs in)."""
    from coopsec.strategy.compare import day_of, means_of, table_for
    from coopsec.strategy.simulate import run_all

    kb = load_knowledge_base()
    register = bundled_register(kb)
    checked = [check_strategy(label, raw, register) for label, raw in strategies]
    day = day_of(register, checked)
    table = table_for(kb, register, day, Knobs(**point))
    results = run_all(table, [means_of(register, s) for s in checked], runs, years, seed)
    return {
        "point": point,
        "strategies": {
            s.name: {
                "expected_harm_p50": round(float(np.median(b.outcomes["expected_harm"])), 4),
                "expected_harm_p95": round(float(np.percentile(b.outcomes["expected_harm"], 95)), 4),
                "unmet_requests_mean": round(float(b.outcomes["unmet_requests"].mean()), 4),
            }
            for s, b in zip(checked, results, strict=True)
        },
    }


def run_sweep(path: Path, address: str | None = None, client: Any = None) -> dict[str, Any]:
    """The sweep's table: locally, on the scheduler at ``address``, or with an open Dask ``client``.

    Raises:
        InputError: a scheduler that cannot be reached (naming the address).

    """
    sweep, strategies = load_sweep(path)
    grid = points(sweep.grid)
    args = (sweep.years, sweep.runs, sweep.seed)
    own = connect(address) if client is None and address is not None else None
    client = client or own
    try:
        if client is None:
            rows = [sweep_point(strategies, p, *args) for p in grid]
        else:
            futures = [client.submit(sweep_point, strategies, p, *args, pure=False) for p in grid]
            rows = client.gather(futures)
    finally:
        if own is not None:
            own.close()
    return {"sweep": path.name, "years": sweep.years, "runs": sweep.runs, "seed": sweep.seed, "points": rows}


def connect(address: str, timeout: str = "10s") -> Any:
    """A Dask client of the scheduler at ``address`` (the caller closes it).

    Raises:
        InputError: the scheduler cannot be reached.

    """
    from distributed import Client

    try:
        return Client(address, timeout=timeout)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        raise InputError(f"no Dask scheduler at {address!r} ({error}): give tcp://HOST:PORT of a running one") from None


#: Dask settings for workers that run simulations (set them with ``dask.config.set`` before a
#: ``LocalCluster`` starts, or in the workers' Dask configuration file). Dask's nanny gives workers a
#: glibc trim threshold of 64 KiB so that freed memory goes back to the system at once; each block's
#: temporaries (a few hundred KiB) are then unmapped and faulted in again, and a worker runs the
#: same code about 1.4x slower than a plain process. The statistical profiler samples the running
#: task every 10 ms, which costs a few per cent more. Neither changes a number, only the time.
WORKER_CONFIG: dict[str, object] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": 64 * 2**20,
    "distributed.worker.profile.enabled": False,
}


def dask_mapper(client: Any, table: Table, means: Sequence[Means], years: int, seed: int) -> Mapper:
    """A mapper for :func:`~coopsec.strategy.simulate.run_all` that runs the blocks on Dask workers."""

    def mapper(parts: list[tuple[int, int]]) -> list[list[Block]]:
        shared = client.scatter(table, broadcast=True, hash=False)  # a key of its own: no race with an earlier call
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = max(1, -(-len(parts) // (4 * workers)))  # about 4 tasks a worker: less overhead, still balanced
        groups = [parts[i : i + size] for i in range(0, len(parts), size)]
        futures = [client.submit(run_blocks, shared, list(means), g, years, seed, pure=False) for g in groups]
        return [unpack(packed) for done in client.gather(futures) for packed in done]

    return mapper


Packed = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]


def run_blocks(
    table: Table, means: Sequence[Means], parts: list[tuple[int, int]], years: int, seed: int
) -> list[Packed]:
    """Several blocks in one task (each still from its own stream, so grouping changes no number).

    Each block's results are packed into three arrays as soon as it is done: the thousands of
    small arrays a task would otherwise keep until the end fragment the worker's heap, and every
    later block then runs slower (a third slower by the end of a task, measured on this bench).
    """
    return [pack(run_block(table, means, n, years, seed, b)) for b, n in parts]


def pack(results: list[Block]) -> Packed:
    """One block's results for every strategy as three arrays (outcomes, unmet and demand cells)."""
    outcomes = np.array([[r.outcomes[o] for o in OUTCOMES] for r in results])
    return outcomes, np.array([r.unmet_cells for r in results]), results[0].demand_cells


def unpack(packed: Packed) -> list[Block]:
    """The blocks :func:`pack` packed, one per strategy."""
    outcomes, unmet, demand = packed
    return [Block(dict(zip(OUTCOMES, outcomes[k], strict=True)), unmet[k], demand) for k in range(len(outcomes))]
