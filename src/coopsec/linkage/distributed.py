"""The match job on Dask distributed: one task per group of bands, the same pairs as the local run.

The encodings and their MinHash signatures are scattered to the workers once; each task runs
:func:`coopsec.linkage.match.band_task` on its bands and returns the pairs at or above the threshold;
the client unites them with :func:`coopsec.linkage.match.merge`, exactly as the local run does, so the
result does not depend on how the bands were split or where they ran. A real cluster's scheduler is
named by ``COOPSEC_DASK_SCHEDULER`` (``tcp://host:8786``); tests pass a ``LocalCluster``'s client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic_settings import BaseSettings, SettingsConfigDict

from coopsec.errors import SettingsError
from coopsec.linkage.blocking import Lsh, common_bits, signatures
from coopsec.linkage.clk import Encoding, check_comparable
from coopsec.linkage.match import Pairs, band_task, merge, split_bands

if TYPE_CHECKING:
    from distributed import Client


class DaskSettings(BaseSettings):
    """Where the Dask scheduler is: ``COOPSEC_DASK_SCHEDULER`` (empty: no cluster configured)."""

    model_config = SettingsConfigDict(env_prefix="COOPSEC_", extra="ignore")
    dask_scheduler: str = ""


def connect(address: str | None = None) -> Client:
    """A client of the scheduler at ``address`` or ``COOPSEC_DASK_SCHEDULER``.

    Raises:
        SettingsError: no address is given or set.

    """
    from distributed import Client

    address = address or DaskSettings().dask_scheduler
    if not address:
        raise SettingsError(
            "no Dask scheduler: set COOPSEC_DASK_SCHEDULER=tcp://host:8786 (the address `dask scheduler` prints)"
        )
    return Client(address)  # type: ignore[no-untyped-call]


def candidate_pairs_dask(
    client: Client, a: Encoding, b: Encoding, threshold: float, lsh: Lsh | None = None, blocks: int = 8
) -> Pairs:
    """Every pair found by the blocking with Dice at or above ``threshold``, computed on ``client``'s cluster."""
    check_comparable(a, b)
    keep = common_bits(a.words, b.words)
    sig_a, sig_b = signatures(a.words, keep), signatures(b.words, keep)
    data = client.scatter([a.words, b.words, sig_a, sig_b], broadcast=True, hash=False)  # type: ignore[no-untyped-call]
    futures = [
        client.submit(band_task, *data, part, threshold, pure=False)
        for part in split_bands((lsh or Lsh()).bins(a.bits), blocks)
    ]
    return merge(client.gather(futures), len(b))  # type: ignore[no-untyped-call]
