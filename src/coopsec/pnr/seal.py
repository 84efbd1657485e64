"""Sealing masked PNR values: Fernet encryption under a key derived from the service's secret.

Art. 12(2) masks the identifying elements after six months, yet Art. 12(3) lets a court or an
independent body approve the disclosure of the full data until five years. So the masked values
cannot simply be erased; they are encrypted into ``pnr_sealed`` and the readable columns emptied.
Only :func:`coopsec.pnr.retention.disclose` opens them, with a recorded approval. The key is derived
(HKDF-SHA256) from ``COOPSEC_SECRET_KEY`` and never stored: a copy of the database alone does not
re-personalise anything.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from coopsec.errors import CoopsecError

_INFO = b"coopsec pnr sealed data v1"


class SealError(CoopsecError, ValueError):
    """Sealed data cannot be opened: the service's secret key changed since it was sealed."""


class Sealer:
    """Encrypts and decrypts the masked values of a record."""

    def __init__(self, secret: str | bytes) -> None:
        raw = secret.encode("utf-8") if isinstance(secret, str) else secret
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(raw)
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, values: dict[str, Any]) -> str:
        """The values, encrypted and authenticated, as text."""
        return self._fernet.encrypt(json.dumps(values, ensure_ascii=False).encode("utf-8")).decode("ascii")

    def open(self, token: str) -> dict[str, Any]:
        """The values sealed in ``token``.

        Raises:
            SealError: when the token was sealed under another key or altered.

        """
        try:
            opened: dict[str, Any] = json.loads(self._fernet.decrypt(token.encode("ascii")))
        except InvalidToken as err:
            raise SealError(
                "the sealed PNR data cannot be opened: it was sealed under another COOPSEC_SECRET_KEY or altered; "
                "restore the key in use when it was sealed"
            ) from err
        return opened
