"""Privacy-preserving record linkage: keyed Bloom-filter encodings, LSH blocking, Dice matching.

An authority encodes its list on its own machine (:func:`encode`, or ``coopsec linkage encode``) with
a secret shared only among the participating authorities; only the encodings leave. Matching
(:func:`match`) blocks by MinHash LSH, scores candidate pairs by Dice similarity and keeps those above a
threshold calibrated from an acceptable false-hit rate, optionally one-to-one. The job splits by block
and runs on Dask (:mod:`coopsec.linkage.distributed`).
"""

from coopsec.linkage.calibrate import Calibration, calibrate
from coopsec.linkage.clk import Encoding, check_comparable
from coopsec.linkage.encode import Encoder, encode, read_secret
from coopsec.linkage.match import MatchResult, Pairs, candidate_pairs, match, select
from coopsec.linkage.schema import Schema, load_schema, load_schemas

__all__ = [
    "Calibration",
    "Encoder",
    "Encoding",
    "MatchResult",
    "Pairs",
    "Schema",
    "calibrate",
    "candidate_pairs",
    "check_comparable",
    "encode",
    "load_schema",
    "load_schemas",
    "match",
    "read_secret",
    "select",
]
