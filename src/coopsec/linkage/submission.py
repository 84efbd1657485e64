"""Reading a party's submission strictly: a ``coopsec-clk/1`` document of encodings and nothing else.

The server takes only what ``coopsec linkage encode`` writes: the format, the schema id and digest, the
key check, the filter length, the count, the record references and the base64 filters. Any other key is
refused (a file carrying names, dates of birth or notes must never be stored by accident), as are
references that are not short opaque tokens, duplicates, filters of the wrong length, and a schema or key
check other than the exchange's (encodings under another schema or secret would give meaningless
similarities). Every message says what to fix.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING, Any

from coopsec.errors import ConflictError, InputError
from coopsec.linkage.clk import FORMAT, Encoding

if TYPE_CHECKING:
    from coopsec.linkage.limits import LinkageLimits
    from coopsec.store.linkage_models import LinkageExchange

#: The keys of a ``coopsec-clk/1`` document, all required, no others.
KEYS = frozenset({"format", "schema", "schema_digest", "key_check", "bits", "count", "ids", "clks"})
#: An authority's own opaque reference: letters, digits and ``. _ : / -``, at most 80 characters, no spaces.
REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}")


def _refs(ids: Any) -> list[str]:
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise InputError("ids must be a list of strings (your own record references)")
    for n, ref in enumerate(ids):
        if not REF.fullmatch(ref):
            raise InputError(
                f"ids[{n}] is not an opaque reference: use up to 80 letters, digits or . _ : / - without "
                "spaces (your own case number, never a name)"
            )
    if len(set(ids)) != len(ids):
        raise InputError("ids repeat a reference: give each record its own reference")
    return list(ids)


def _check_filters(clks: Any, count: int, bits: int) -> None:
    if not isinstance(clks, list) or len(clks) != count:
        raise InputError(f"clks must be a list of {count} base64 filters, one per id: re-encode the list")
    size = bits // 8
    for n, clk in enumerate(clks):
        try:
            raw = base64.b64decode(clk, validate=True) if isinstance(clk, str) else b""
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != size:
            raise InputError(f"clks[{n}] is not a base64 filter of {bits} bits: re-encode the list")


def read_submission(doc: Any, exchange: LinkageExchange, limits: LinkageLimits) -> Encoding:
    """The encodings of ``doc`` if it is a clean ``coopsec-clk/1`` document for ``exchange``.

    Raises:
        InputError: anything but encodings, malformed values, or too few or too many records.
        ConflictError: another schema, schema digest, key check or filter length than the exchange's.

    """
    if not isinstance(doc, dict):
        raise InputError(f"a submission is a {FORMAT} JSON object: make it with `coopsec linkage encode`")
    extra, missing = sorted(set(doc) - KEYS), sorted(KEYS - set(doc))
    if extra:
        raise InputError(
            f"the file holds more than encodings ({', '.join(k[:40] for k in extra[:5])}): submit exactly "
            "what `coopsec linkage encode` wrote, nothing added"
        )
    if missing:
        raise InputError(f"the file lacks {', '.join(missing)}: submit what `coopsec linkage encode` wrote")
    if doc["format"] != FORMAT:
        raise InputError(f"format {str(doc['format'])[:40]!r} is not {FORMAT}: re-encode with `coopsec linkage encode`")
    for key, wanted in (("schema", exchange.schema), ("schema_digest", exchange.schema_digest)):
        if doc[key] != wanted:
            raise ConflictError(
                f"the file's {key} {str(doc[key])[:70]!r} is not the exchange's {wanted!r}: encode with the "
                "schema the exchange names (same file, same settings)"
            )
    if doc["key_check"] != exchange.key_check:
        raise ConflictError(
            f"the file's key check {str(doc['key_check'])[:70]!r} is not the exchange's {exchange.key_check!r}: "
            "encode with the secret shared for this exchange"
        )
    bits, count = doc["bits"], doc["count"]
    if not isinstance(bits, int) or isinstance(bits, bool) or bits < 64 or bits % 64:
        raise InputError("bits must be the filters' length, a multiple of 64: re-encode the list")
    if exchange.bits is not None and bits != exchange.bits:
        raise ConflictError(f"the filters have {bits} bits, the exchange's {exchange.bits}: use the exchange's schema")
    if not isinstance(count, int) or isinstance(count, bool):
        raise InputError("count must be the number of records, an integer")
    ids = _refs(doc["ids"])
    if count != len(ids):
        raise InputError(f"count says {count} but there are {len(ids)} ids: re-encode the list")
    if count < limits.min_records and not exchange.watchlist:
        raise InputError(
            f"{count} record(s) is below the minimum of {limits.min_records} for a cross-match (a tiny list is a "
            "membership query): submit your whole list, or ask for an exchange created as a watchlist check"
        )
    if count > limits.max_records:
        raise InputError(f"{count} records is above the limit of {limits.max_records}: split the list")
    if count == 0:
        raise InputError("the file has no records: encode at least one")
    _check_filters(doc["clks"], count, bits)
    return Encoding.from_json(doc)
