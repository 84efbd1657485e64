"""How the core decides (issue 14): decision rules as data, outcomes explained, flips and exact voting power."""

from coopsec.voting.council import VOTES, Council, make_ballot, make_council
from coopsec.voting.data import VotingData, bundled_voting, load_voting
from coopsec.voting.evaluate import Decision, decide
from coopsec.voting.flips import minimal_flip
from coopsec.voting.game import need_table
from coopsec.voting.power import Power, brute_power, exact_power
from coopsec.voting.report import power_report, vote_report

__all__ = [
    "VOTES",
    "Council",
    "Decision",
    "Power",
    "VotingData",
    "brute_power",
    "bundled_voting",
    "decide",
    "exact_power",
    "load_voting",
    "make_ballot",
    "make_council",
    "minimal_flip",
    "need_table",
    "power_report",
    "vote_report",
]
