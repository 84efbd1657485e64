"""The OSCE as forum (issue 16): the Vienna Document's CSBMs, the Vienna, Moscow and Berlin mechanisms.

Participating States come from the knowledge base on the date and every Permanent Council decision goes
through the consensus rule of :mod:`coopsec.voting`; the field operations live in :mod:`coopsec.missions`.
"""

from coopsec.osce.activity import check_activity, unusual_activity
from coopsec.osce.facts import OsceFacts, bundled_osce, load_osce
from coopsec.osce.mechanism import check_mechanism

__all__ = ["OsceFacts", "bundled_osce", "check_activity", "check_mechanism", "load_osce", "unusual_activity"]
