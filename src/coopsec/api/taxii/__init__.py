"""TAXII 2.1 (issue 12): a read-only server at ``/taxii2/`` over the records each reader may see."""

from coopsec.api.taxii.routes import router

__all__ = ["router"]
