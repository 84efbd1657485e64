"""The RFC 9162 Merkle tree: published test vectors, then properties over many tree sizes.

The vectors are the reference ones that every RFC 6962/9162 implementation checks itself against:
the eight leaves and the roots of sizes 1-8, the audit paths of leaves 0 and 5 in the 8-leaf tree,
and the consistency proofs 1→8, 6→8 and 2→5 come from certificate-transparency-go,
``merkletree/merkle_tree_test.go`` (``testLeaves``, ``rootForTestLeaves``, ``TestPathToCurrentRoot``,
``TestSnapshotConsistency``; its indices there are 1-based), which shares them with the C++ reference
log (``cpp/merkletree/merkle_tree_test.cc``) and Trillian. The empty tree's hash is SHA-256 of the
empty string (RFC 9162 §2.1.1).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coopsec.store import merkle

LEAVES = [
    bytes.fromhex(h)
    for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f")
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  # size 0
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",  # size 8
]
INCLUSION = {
    0: [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    5: [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
}
CONSISTENCY = {
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}
HASHES = [merkle.leaf_hash(leaf) for leaf in LEAVES]


def test_roots_of_every_size_match_the_reference_vectors() -> None:
    for size, expected in enumerate(ROOTS):
        assert merkle.root(HASHES[:size]).hex() == expected, f"size {size}"


def test_inclusion_proofs_match_the_reference_vectors_and_verify() -> None:
    top = bytes.fromhex(ROOTS[8])
    for index, expected in INCLUSION.items():
        proof = merkle.inclusion_proof(HASHES, index)
        assert [p.hex() for p in proof] == expected
        assert merkle.verify_inclusion(index, 8, HASHES[index], proof, top)
        assert not merkle.verify_inclusion(index, 8, HASHES[index + 1], proof, top)


def test_consistency_proofs_match_the_reference_vectors_and_verify() -> None:
    for (old, new), expected in CONSISTENCY.items():
        proof = merkle.consistency_proof(HASHES[:new], old)
        assert [p.hex() for p in proof] == expected, f"{old}->{new}"
        old_root, new_root = bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new])
        assert merkle.verify_consistency(old, new, old_root, new_root, proof)
        assert not merkle.verify_consistency(old, new, new_root, old_root, proof)
        assert not merkle.verify_consistency(old, new, old_root, new_root, proof[:-1])


def test_edge_cases_of_consistency() -> None:
    top = bytes.fromhex(ROOTS[8])
    assert merkle.consistency_proof(HASHES, 0) == [] and merkle.verify_consistency(0, 8, merkle.EMPTY_ROOT, top, [])
    assert merkle.consistency_proof(HASHES, 8) == [] and merkle.verify_consistency(8, 8, top, top, [])
    assert not merkle.verify_consistency(8, 8, top, bytes.fromhex(ROOTS[7]), [])
    assert not merkle.verify_consistency(9, 8, top, top, [])  # a larger old tree is never a prefix
    assert not merkle.verify_consistency(3, 8, bytes.fromhex(ROOTS[3]), top, [])  # a proof is needed


leaf_lists = st.lists(st.binary(max_size=8), min_size=1, max_size=70)


@settings(max_examples=150, deadline=None)
@given(data=leaf_lists, cut=st.data())
def test_every_consistency_proof_verifies_and_any_changed_leaf_breaks_it(data: list[bytes], cut: st.DataObject) -> None:
    hashes = [merkle.leaf_hash(d) for d in data]
    new = len(hashes)
    old = cut.draw(st.integers(min_value=1, max_value=new), label="old size")
    old_root, new_root = merkle.root(hashes[:old]), merkle.root(hashes)
    proof = merkle.consistency_proof(hashes, old)
    assert merkle.verify_consistency(old, new, old_root, new_root, proof)
    # Altering any leaf of the old tree: the old head no longer fits the new log (a rewrite or fork).
    changed = cut.draw(st.integers(min_value=0, max_value=new - 1), label="changed leaf")
    forged = [*hashes[:changed], merkle.leaf_hash(data[changed] + b"!"), *hashes[changed + 1 :]]
    forged_proof = merkle.consistency_proof(forged, old)
    assert not merkle.verify_consistency(old, new, old_root, merkle.root(forged), forged_proof) or changed >= old
    if changed < old:
        assert merkle.root(forged[:old]) != old_root
    # Cutting the log below the head can never be shown consistent with it.
    assert not merkle.verify_consistency(old, old - 1, old_root, merkle.root(hashes[: old - 1]), proof)


@settings(max_examples=100, deadline=None)
@given(data=leaf_lists, pick=st.data())
def test_every_inclusion_proof_verifies_only_for_its_own_leaf(data: list[bytes], pick: st.DataObject) -> None:
    hashes = [merkle.leaf_hash(d) for d in data]
    top = merkle.root(hashes)
    index = pick.draw(st.integers(min_value=0, max_value=len(hashes) - 1))
    proof = merkle.inclusion_proof(hashes, index)
    assert merkle.verify_inclusion(index, len(hashes), hashes[index], proof, top)
    assert not merkle.verify_inclusion(index, len(hashes), merkle.leaf_hash(data[index] + b"!"), proof, top)


def test_the_iterative_root_equals_the_recursive_definition() -> None:
    def mth(leaves: list[bytes]) -> bytes:
        if len(leaves) == 1:
            return leaves[0]
        k = 1 << ((len(leaves) - 1).bit_length() - 1)
        return merkle.node_hash(mth(leaves[:k]), mth(leaves[k:]))

    hashes = [merkle.leaf_hash(bytes([i])) for i in range(100)]
    for size in range(1, 101):
        assert merkle.root(hashes[:size]) == mth(hashes[:size])
