"""Collective Security Treaty Art. 4 (CSTO): the rival bloc's mutual-defence clause, answered like NATO Art. 5.

Article 4 has no area clause: aggression against a State Party anywhere counts. Its wording is
"aggression by any state or group of states", so an attack by a non-state actor is a determination of
the Collective Security Council, as in January 2022, when the Council sent forces to Kazakhstan at
its President's request after unrest he called a terrorist attack directed from abroad.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopsec.obligations.rules.common import (
    WRITTEN_FOR,
    a_kind,
    attack_rules,
    determination_reason,
    gate,
    incident,
    incident_reason,
    needs_determination,
)
from coopsec.obligations.rules.engine import Rule, RuleSet

if TYPE_CHECKING:
    from coopsec.obligations.facts import Facts

_CITES = "Collective Security Treaty (Tashkent, 1992), Art. 4"
_BODY = "CSTO Collective Security Council"


def _determination(f: Facts) -> str:
    if f.by_class == "non-state":
        f.cite("csto-kazakhstan-2022")
        return (
            f"Article 4 speaks of aggression by a state or group of states: an attack by a non-state actor "
            f"counts only by a determination of the {_BODY} (as for Kazakhstan in January 2022)"
        )
    return determination_reason(f, _BODY)


CSTO_ART4: RuleSet[str] = RuleSet(
    "csto-art4",
    reads=("clause:csto-art4", "victim:CSTO", "perpetrator:CSTO"),
    kinds=WRITTEN_FOR,
    rules=[
        *gate(
            "csto-art4",
            "CSTO",
            covers="Article 4 covers aggression by a state or group of states against a State Party",
            instrument="the Collective Security Treaty",
            outsider=lambda f: (
                f"{f.victim_name} is not a participating member of the Collective Security Treaty Organization "
                "on the date of the event"
            ),
            cites=_CITES,
        ),
        *attack_rules(
            "csto-art4",
            "CSTO",
            not_attack=("not-an-attack", lambda f: f"{a_kind(f)} is not aggression against a State Party"),
            attack=(
                "aggression-on-a-member",
                lambda f: (
                    f"aggression against {f.victim_name} is aggression against all States Parties: the others give it "
                    "the necessary assistance, including military assistance, under UN Charter Art. 51"
                ),
            ),
            cites=_CITES,
        ),
        Rule(
            "csto-art4.needs-determination",
            "may_apply",
            needs_determination,
            _determination,
            "csto-art4.aggression-on-a-member",
            cites=_CITES,
        ),
        Rule(
            "csto-art4.incident",
            "may_apply",
            incident,
            lambda f: incident_reason(f, _BODY),
            "csto-art4.aggression-on-a-member",
            cites=f"{_CITES}; ICJ, Nicaragua (1986), para. 191",
        ),
        Rule(
            "csto-art4.attacker-is-a-member",
            "may_apply",
            lambda f: f.perpetrator_in("CSTO"),
            lambda f: (
                "the attacker is itself a State Party: Article 1 forbids force between them; "
                "at most a political determination"
            ),
            "csto-art4.aggression-on-a-member",
            cites=f"{_CITES}; Art. 1",
        ),
    ],
)
