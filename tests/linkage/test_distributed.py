import numpy as np
import pytest

from coopsec.errors import SettingsError
from coopsec.linkage import Encoding, candidate_pairs, match
from coopsec.linkage.distributed import candidate_pairs_dask, connect


def test_the_dask_run_equals_the_local_run(encoded: tuple[Encoding, Encoding]) -> None:
    from distributed import Client, LocalCluster

    a, b = encoded
    local = candidate_pairs(a, b, 0.5)
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        spread = candidate_pairs_dask(client, a, b, 0.5, blocks=5)
        matched = match(a, b, threshold=0.6, client=client)
    assert len(local) > len(a) // 2
    assert np.array_equal(local.ia, spread.ia) and np.array_equal(local.ib, spread.ib)
    assert np.array_equal(local.sims, spread.sims)
    here = match(a, b, threshold=0.6)
    assert np.array_equal(here.pairs.ia, matched.pairs.ia) and np.array_equal(here.pairs.ib, matched.pairs.ib)


def test_a_cluster_needs_a_scheduler_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COOPSEC_DASK_SCHEDULER", raising=False)
    with pytest.raises(SettingsError, match="COOPSEC_DASK_SCHEDULER"):
        connect()
