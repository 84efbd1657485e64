"""coopsec: the EU's cooperative security system as working software."""

__version__ = "0.1.0"
