"""The audit log: a hash chain, a Merkle tree with signed heads, and a replay of what it implies.

Three checks, each catching what the others cannot:

1. **The chain.** Each entry's hash is SHA-256 over the previous entry's hash and the entry's own
   fields in a canonical JSON form, so a changed, removed or reordered entry in the middle breaks it.
   A chain cannot see its end cut off, and an attacker who recomputes the hashes forges it freely.
2. **Signed tree heads** (RFC 9162, Certificate Transparency). The entries are the leaves of a
   Merkle tree (:mod:`coopsec.store.merkle`). ``record_head`` signs (Ed25519) the tree's size, root
   hash and time with a key kept outside the database and keeps the head in ``audit_heads``; it can
   also be printed and kept elsewhere. ``check`` proves with a consistency proof that today's log
   extends every head it is given, so a truncation, a rewrite (even with recomputed hashes) and a
   fork (a different log sharing a prefix) are each caught, relative to the heads an attacker could
   not touch.
3. **The replay.** The users and tokens that the entries imply (who was added with which roles and
   authority, who was disabled, which token was created for whom and revoked) are compared with the
   ``users`` and ``api_tokens`` tables, so a direct table edit (a viewer made administrator, a
   revoked token revived, a password hash replaced) is reported. Every write that changes a user or
   a token must therefore record the resulting fields in its entry's detail: ``roles``, ``state``,
   ``agency``, ``disabled``, ``password`` (a :func:`fingerprint` of the hash), ``session_epoch`` for
   users; ``user``, ``name``, ``prefix``, ``revoked``, ``secret`` (a fingerprint), ``scope``,
   ``expires`` (ISO time) for tokens. Fields an older entry did not record are not compared.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from coopsec.errors import AuditKeyError, AuditLogError, InputError
from coopsec.store import merkle
from coopsec.store.audit_replay import Finding, check_state, fingerprint, read_all
from coopsec.store.models import AuditEntry, AuditHead

__all__ = [
    "AuditReport",
    "Finding",
    "HeadKey",
    "SignedHead",
    "append",
    "check",
    "fingerprint",
    "load_key",
    "read_head_file",
    "record_head",
    "verify",
]

if TYPE_CHECKING:
    from coopsec.settings import Settings

GENESIS = "0" * 64
ALGORITHM = "ed25519"
HEAD_VERSION = 1
KEY_FILE_NAME = "audit-signing.key"
_Row = TypeVar("_Row")


def _digest(prev_hash: str, entry_id: int, at: str, actor: str, action: str, target: str, detail: str) -> str:
    body = json.dumps(
        [prev_hash, entry_id, at, actor, action, target, detail], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(session: Session, actor: str, action: str, target: str, detail: dict[str, Any] | None = None) -> AuditEntry:
    """Append an entry in the caller's transaction (so the write and its audit land together)."""
    last = session.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one_or_none()
    prev_hash = last.hash if last else GENESIS
    entry_id = (last.id if last else 0) + 1
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    entry = AuditEntry(
        id=entry_id,
        at=at,
        actor=actor,
        action=action,
        target=target,
        detail=text,
        prev_hash=prev_hash,
        hash=_digest(prev_hash, entry_id, at, actor, action, target, text),
    )
    session.add(entry)
    session.flush()
    return entry


def leaf_data(entry: AuditEntry) -> bytes:
    """The bytes of an entry's Merkle leaf: its own fields, recomputed from the row, never its stored hash."""
    fields = [entry.id, entry.at, entry.actor, entry.action, entry.target, entry.detail]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- signed heads -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignedHead:
    """A signed tree head: the log had ``tree_size`` entries with Merkle root ``root_hash`` at ``timestamp``."""

    tree_size: int
    root_hash: str
    timestamp: str
    key_id: str
    signature: str
    algorithm: str = ALGORITHM

    def payload(self) -> bytes:
        """The signed bytes: canonical JSON of what the head asserts (not the key or the signature)."""
        body = {
            "log": "coopsec-audit",
            "version": HEAD_VERSION,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "timestamp": self.timestamp,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def to_dict(self) -> dict[str, Any]:
        """JSON form, also the form of a head file for ``coopsec audit verify --head``."""
        return {
            "version": HEAD_VERSION,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "timestamp": self.timestamp,
            "algorithm": self.algorithm,
            "key_id": self.key_id,
            "signature": self.signature,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str) -> SignedHead:
        """A head read from JSON.

        Raises:
            InputError: naming ``where`` and the field that is missing or malformed.

        """
        if not isinstance(data, dict):
            raise InputError(f"{where}: not a signed head (a JSON object from `coopsec audit head --json`)")
        try:
            size, root = data["tree_size"], data["root_hash"]
            fields = [data["timestamp"], data["key_id"], data["signature"], data.get("algorithm", ALGORITHM)]
        except KeyError as err:
            raise InputError(
                f"{where}: the signed head has no {err.args[0]!r}: use `coopsec audit head --json`"
            ) from err
        valid_root = isinstance(root, str) and len(root) == 64 and all(c in "0123456789abcdef" for c in root)
        if not isinstance(size, int) or isinstance(size, bool) or size < 0 or not valid_root:
            raise InputError(f"{where}: tree_size must be a whole number and root_hash 64 lower-case hex digits")
        if not all(isinstance(f, str) for f in fields):
            raise InputError(f"{where}: timestamp, key_id, signature and algorithm must be strings")
        return cls(size, root, fields[0], fields[1], fields[2], fields[3])

    @classmethod
    def from_row(cls, row: AuditHead) -> SignedHead:
        """A head as recorded in ``audit_heads``."""
        return cls(row.tree_size, row.root_hash, row.timestamp, row.key_id, row.signature, row.algorithm)


class HeadKey:
    """The Ed25519 key that signs heads, kept outside the database (a file or an environment variable).

    Ed25519 rather than an HMAC: the public half verifies heads without being able to sign them, so
    a head can be checked on another machine that never holds the secret.
    """

    def __init__(self, private: Ed25519PrivateKey, source: str) -> None:
        self._private = private
        self.public: Ed25519PublicKey = private.public_key()
        self.source = source
        raw = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.key_id = hashlib.sha256(raw).hexdigest()[:32]
        self.public_key = base64.b64encode(raw).decode("ascii")

    def sign(self, head_payload: bytes) -> str:
        """The base64 signature of ``head_payload``."""
        return base64.b64encode(self._private.sign(head_payload)).decode("ascii")

    def verifies(self, head: SignedHead) -> bool:
        """Whether ``head`` carries a valid signature by this key."""
        try:
            self.public.verify(base64.b64decode(head.signature, validate=True), head.payload())
        except (InvalidSignature, binascii.Error, ValueError):
            return False
        return head.algorithm == ALGORITHM


def key_path(settings: Settings) -> Path:
    """Where the signing key file is: ``COOPSEC_AUDIT_KEY_FILE``, else ``<data dir>/audit-signing.key``."""
    return settings.audit_key_file or settings.data_dir / KEY_FILE_NAME


def load_key(settings: Settings, *, create: bool) -> HeadKey | None:
    """The head-signing key: from ``COOPSEC_AUDIT_KEY`` (a base64 32-byte seed) or the key file.

    Args:
        settings: the service settings.
        create: make the key file (mode 0600) when it does not exist yet; otherwise answer None.

    Raises:
        AuditKeyError: for a malformed key, or a key file that group or others may read.

    """
    if settings.audit_key:
        try:
            seed = base64.b64decode(settings.audit_key, validate=True)
            return HeadKey(Ed25519PrivateKey.from_private_bytes(seed), "COOPSEC_AUDIT_KEY")
        except (binascii.Error, ValueError) as err:
            raise AuditKeyError(
                "COOPSEC_AUDIT_KEY is not the base64 of 32 random bytes: make one with `python -c "
                '"import base64, os; print(base64.b64encode(os.urandom(32)).decode())"`'
            ) from err
    path = key_path(settings)
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(pem)
        return HeadKey(private, str(path))
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AuditKeyError(
            f"the audit signing key {path} may be read or written by group or others (mode {stat.filemode(mode)}): "
            f"run `chmod 600 {path}`, and replace the key if someone else may have read it"
        )
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as err:
        raise AuditKeyError(f"{path} is not an unencrypted PEM Ed25519 private key: restore it from a backup") from err
    if not isinstance(loaded, Ed25519PrivateKey):
        raise AuditKeyError(f"{path} holds a {type(loaded).__name__}, not an Ed25519 key: restore it from a backup")
    return HeadKey(loaded, str(path))


def read_head_file(path: Path) -> list[SignedHead]:
    """The heads in a file: one JSON head, a JSON list of heads, or JSON lines (one head each).

    Raises:
        InputError: when the file cannot be read or holds something else.

    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the head file {path}: {err}") from err
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as err:
            raise InputError(f"{path} is not JSON: save a head with `coopsec audit head --json > FILE`") from err
    items = data if isinstance(data, list) else [data]
    if not items:
        raise InputError(f"{path} holds no head: save one with `coopsec audit head --json > FILE`")
    return [SignedHead.from_dict(item, f"{path}[{i}]" if len(items) > 1 else str(path)) for i, item in enumerate(items)]


# --- reading the tables --------------------------------------------------------------------------


def _entries(session: Session) -> list[AuditEntry]:
    return read_all(session, "audit log (table audit_log)", select(AuditEntry).order_by(AuditEntry.id))


def _heads(session: Session) -> list[AuditHead]:
    return read_all(session, "signed heads (table audit_heads)", select(AuditHead).order_by(AuditHead.id))


# --- the checks ----------------------------------------------------------------------------------


def _check_chain(entries: Sequence[AuditEntry]) -> list[Finding]:
    findings: list[Finding] = []
    prev_hash, expected_id = GENESIS, 1
    for entry in entries:
        where = f"entry {entry.id}"
        if entry.id != expected_id:
            missing = f"{expected_id}" if entry.id == expected_id + 1 else f"{expected_id}-{entry.id - 1}"
            findings.append(Finding(where, f"entries {missing} are missing (removed)"))
        if entry.prev_hash != prev_hash:
            findings.append(
                Finding(
                    where, "does not link to the entry before it (an entry was removed, inserted or the order changed)"
                )
            )
        own = _digest(entry.prev_hash, entry.id, entry.at, entry.actor, entry.action, entry.target, entry.detail)
        if own != entry.hash:
            findings.append(Finding(where, "its content was changed after it was written (hash mismatch)"))
        prev_hash, expected_id = entry.hash, entry.id + 1
    return findings


def _check_heads(
    leaves: list[bytes], heads: Sequence[tuple[str, SignedHead]], key: HeadKey | None
) -> tuple[list[Finding], list[tuple[str, SignedHead]]]:
    """Each head's signature, and a consistency proof from it to today's log; return the problems and the good heads."""
    size, top = len(leaves), merkle.root(leaves)
    findings: list[Finding] = []
    consistent: list[tuple[str, SignedHead]] = []
    broken: list[tuple[str, SignedHead]] = []
    for label, head in heads:
        if key is not None:
            if head.key_id != key.key_id:
                findings.append(
                    Finding(
                        label,
                        f"signed by another key (key id {head.key_id[:12]}…, this log's key is {key.key_id[:12]}…): "
                        "a head of another log, or the signing key was replaced",
                    )
                )
            elif not key.verifies(head):
                findings.append(Finding(label, "bad signature: the head was altered or forged after it was signed"))
        if head.tree_size > size:
            removed = f"{size + 1}" if head.tree_size == size + 1 else f"{size + 1}-{head.tree_size}"
            findings.append(
                Finding(
                    label,
                    f"the log has {size} entries but this head signed {head.tree_size}: entries {removed} were "
                    "removed from the end (truncation), or the head belongs to another log",
                )
            )
            continue
        try:
            head_root = bytes.fromhex(head.root_hash)
        except ValueError:
            findings.append(Finding(label, "its root hash is not hexadecimal (the head was damaged or forged)"))
            continue
        proof = merkle.consistency_proof(leaves, head.tree_size)
        if merkle.verify_consistency(head.tree_size, size, head_root, top, proof):
            consistent.append((label, head))
        else:
            broken.append((label, head))
    for label, head in broken:
        agreed = max(
            (h for h in consistent if h[1].tree_size < head.tree_size), key=lambda h: h[1].tree_size, default=None
        )
        where = (
            f"; the log still agrees with {agreed[0]}, "
            f"so the change lies in entries {agreed[1].tree_size + 1}-{head.tree_size}"
            if agreed
            else ""
        )
        findings.append(
            Finding(
                label,
                "the log is not an extension of this head (its RFC 9162 consistency proof fails): entries among "
                f"1-{head.tree_size} were changed, removed or replaced since it was signed (a rewrite, a forged "
                f"entry with recomputed hashes, or a fork of the log){where}",
            )
        )
    return findings, consistent


@dataclass
class AuditReport:
    """What ``check`` found: the log's size and root, the heads checked, every problem, and notes."""

    entries: int
    root_hash: str
    heads_checked: int
    latest: SignedHead | None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "ok": self.ok,
            "entries": self.entries,
            "root_hash": self.root_hash,
            "heads_checked": self.heads_checked,
            "latest_head": self.latest.to_dict() if self.latest else None,
            "problems": [str(f) for f in self.findings],
            "notes": self.notes,
        }


def check(session: Session, key: HeadKey | None = None, given: Sequence[tuple[str, SignedHead]] = ()) -> AuditReport:
    """Check the chain, every recorded head and each ``given`` (label, head), and the users and tokens.

    Without ``key`` the heads' consistency is still proven but their signatures are not checked
    (a note says so).

    Raises:
        AuditLogError: when a table cannot be read (missing or damaged).

    """
    entries = _entries(session)
    recorded = [
        (f"head #{row.id} (size {row.tree_size}, {row.timestamp})", SignedHead.from_row(row)) for row in _heads(session)
    ]
    labelled = recorded + [(f"{label} (size {h.tree_size}, {h.timestamp})", h) for label, h in given]
    leaves = [merkle.leaf_hash(leaf_data(entry)) for entry in entries]
    findings = _check_chain(entries)
    head_findings, _ = _check_heads(leaves, labelled, key)
    findings += head_findings
    findings += check_state(session, entries)
    notes: list[str] = []
    if not recorded:
        notes.append(
            "no signed head is recorded: entries removed from the end cannot be told from a shorter log; "
            "run `coopsec audit head` (and keep its --json output outside this machine)"
        )
    if key is None and labelled:
        notes.append("the heads' signatures were not checked: no signing key (COOPSEC_AUDIT_KEY_FILE) is available")
    latest = recorded[-1][1] if recorded else None
    return AuditReport(len(entries), merkle.root(leaves).hex(), len(labelled), latest, findings, notes)


def verify(session: Session) -> tuple[int, list[Finding]]:
    """Check the log without the signing key (for the API); return the number of entries and every problem."""
    report = check(session)
    return report.entries, report.findings


def record_head(session: Session, key: HeadKey) -> SignedHead:
    """Sign and record the head of the log as it is now, after checking it.

    Raises:
        AuditLogError: when the log already fails a check (a head must never bless a tampered log),
            or a table cannot be read.

    """
    report = check(session, key)
    if report.findings:
        listed = "; ".join(str(f) for f in report.findings[:5])
        raise AuditLogError(
            f"the audit log has {len(report.findings)} problem(s), so no head was signed ({listed}): "
            "run `coopsec audit verify`, restore the database from a backup, then sign a head again"
        )
    timestamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    unsigned = SignedHead(report.entries, report.root_hash, timestamp, key.key_id, "")
    head = SignedHead(report.entries, report.root_hash, timestamp, key.key_id, key.sign(unsigned.payload()))
    session.add(
        AuditHead(
            tree_size=head.tree_size,
            root_hash=head.root_hash,
            timestamp=head.timestamp,
            algorithm=head.algorithm,
            key_id=head.key_id,
            signature=head.signature,
        )
    )
    session.flush()
    return head
