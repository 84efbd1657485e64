"""The response models of the API: one module per resource, shared pieces in :mod:`.common`.

Each route declares its model, so ``/api/v1/openapi.json`` describes every success body.
"""

from coopsec.api.models.common import PageOut, SourceOut

__all__ = ["PageOut", "SourceOut"]
