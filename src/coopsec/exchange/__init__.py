"""Information exchange between member authorities (issue 12).

Records are shared under handling codes, TLP 2.0 and evaluation codes, distributed by ring, and
read through one access decision.

Public entry points: :func:`coopsec.exchange.access.decide` (the decision),
:mod:`coopsec.exchange.records` (share, get_visible, list_visible, retract, request_release,
decide_release, record_dict).
"""
