"""The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1: hashes and proofs.

A hash chain shows that entries were changed but not that the end of the log was cut off: a shorter
chain is still a valid chain. A Merkle tree head (size and root hash), signed and kept, pins the
whole log at that size; a consistency proof then shows that today's log extends that head, i.e.
that no entry up to that size was removed, changed or replaced since. The tree is the one Certificate
Transparency uses, so any RFC 9162 verifier can check our proofs and our heads.

Leaves are hashed as ``SHA-256(0x00 || data)`` and interior nodes as ``SHA-256(0x01 || left ||
right)`` (the prefixes keep a leaf from ever being read as a node); the empty tree's hash is
``SHA-256("")``. The functions take leaf *hashes*, so callers hash each entry once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf: ``SHA-256(0x00 || data)``."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node: ``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n`` > 1): where RFC 9162 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]): the Merkle tree hash of the leaf hashes ``leaves`` (RFC 9162 §2.1.1)."""
    if not leaves:
        return EMPTY_ROOT
    # Bottom-up over the perfect subtrees of the right edge gives the same hash as the recursive
    # definition (the split at the largest power of two) without recursion depth or re-hashing.
    level = list(leaves)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])  # an unpaired node is promoted unchanged, as in MTH
        level = paired
    return level[0]


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(m, D[n]): the audit path of leaf ``index`` in the tree of ``leaves`` (RFC 9162 §2.1.3.1).

    Raises:
        ValueError: when ``index`` is not a leaf of the tree.

    """
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf {index} is not in a tree of {len(leaves)} leaves")
    return _path(index, leaves)


def _path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    n = len(leaves)
    if n == 1:
        return []
    k = _split(n)
    if m < k:
        return [*_path(m, leaves[:k]), root(leaves[k:])]
    return [*_path(m - k, leaves[k:]), root(leaves[:k])]


def consistency_proof(leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(m, D[n]): shows that the first ``old_size`` leaves are a prefix of ``leaves`` (RFC 9162 §2.1.4.1).

    The proof is empty when ``old_size`` is 0 or the whole tree (nothing to prove).

    Raises:
        ValueError: when ``old_size`` is negative or larger than the tree.

    """
    if not 0 <= old_size <= len(leaves):
        raise ValueError(f"size {old_size} is not a prefix of a tree of {len(leaves)} leaves")
    if old_size in (0, len(leaves)):
        return []
    return _subproof(old_size, leaves, complete=True)


def _subproof(m: int, leaves: Sequence[bytes], *, complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [root(leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], complete=complete), root(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], complete=False), root(leaves[:k])]


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], expected_root: bytes) -> bool:
    """Whether ``proof`` shows leaf hash ``leaf`` at ``index`` in the tree ``expected_root`` of ``size`` leaves.

    The algorithm of RFC 9162 §2.1.3.2, step by step.
    """
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == expected_root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """Whether ``proof`` shows that the tree ``old_root`` of ``old_size`` leaves is a prefix of ``new_root``.

    The algorithm of RFC 9162 §2.1.4.2 for 0 < old_size < new_size; the edge cases are decided
    directly: an empty old tree is a prefix of any tree (and needs an empty proof), and a tree is
    consistent with a tree of the same size only when the roots are equal (again with no proof).
    """
    if not 0 <= old_size <= new_size:
        return False
    if old_size == 0:
        return not proof
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # an exact power of two: the old root is a node of the new tree
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root
