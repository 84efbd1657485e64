"""Treaty on European Union Art. 42(7) (mutual assistance) and TFEU Art. 222 (solidarity clause)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopsec.obligations.rules.common import (
    DISASTERS,
    TREATY_VALUES,
    WRITTEN_FOR,
    a_kind,
    attack_rules,
    determination_reason,
    gate,
    incident,
    incident_reason,
    needs_determination,
    party,
)
from coopsec.obligations.rules.engine import Rule, RuleSet

if TYPE_CHECKING:
    from coopsec.obligations.facts import Facts

COUNCIL = "Council (the Member States acting together)"
TEU = "TEU, Art. 42(7)"
TFEU = "TFEU, Art. 222"


def _own_territory(f: Facts) -> bool:
    return f.treaty_territory() in ("treaties", "national")


TEU_42_7: RuleSet[str] = RuleSet(
    "teu-42-7",
    reads=("clause:teu-42-7", "victim:EU", "perpetrator:EU", "place:treaty"),
    kinds=WRITTEN_FOR,
    values={"place:treaty": TREATY_VALUES},
    rules=[
        *gate(
            "teu-42-7",
            "EU",
            covers="Article 42(7) covers armed aggression on the territory of a Member State",
            instrument="TEU Article 42(7)",
            outsider=lambda f: f"{f.victim_name} is not a Member State of the European Union on the date of the event",
            cites=TEU,
        ),
        *attack_rules(
            "teu-42-7",
            "EU",
            not_attack=(
                "not-aggression",
                lambda f: f"{a_kind(f)} is not armed aggression (see TFEU Art. 222 and the Civil Protection Mechanism)",
            ),
            attack=(
                "aggression-on-a-member",
                lambda f: (
                    f"armed aggression on the territory of {f.victim_name}, a Member State: the others owe it aid "
                    "and assistance by all the means in their power"
                ),
            ),
            cites=TEU,
        ),
        Rule(
            "teu-42-7.not-its-territory",
            "does_not_apply",
            lambda f: f.treaty_territory() == "forces",
            lambda f: f"{f.place.label} is not the Member State's territory, which Article 42(7) requires",
            "teu-42-7.aggression-on-a-member",
            cites=TEU,
        ),
        Rule(
            "teu-42-7.at-sea",
            "may_apply",
            lambda f: f.treaty_territory() == "sea",
            lambda f: (
                f"{f.place.label}: a Member State's territory includes its territorial sea and the airspace above "
                "(Decision 2014/415/EU, Art. 2(1)(a), defines it so for the solidarity clause), so whether the "
                "aggression struck the Member State's territorial sea or airspace, or only the high seas, decides"
            ),
            "teu-42-7.aggression-on-a-member",
            cites="TEU, Art. 42(7); Decision 2014/415/EU, Art. 2(1)(a)",
        ),
        Rule(
            "teu-42-7.territory-outside-the-treaties",
            "may_apply",
            lambda f: f.treaty_territory() == "national",
            lambda f: (
                f"{f.place.label} is the Member State's territory but outside the EU Treaties' territorial "
                "scope: whether 'its territory' in Article 42(7) reaches it is an open legal question"
            ),
            "teu-42-7.aggression-on-a-member",
            cites="TEU, Art. 42(7); TFEU, Art. 355",
        ),
        Rule(
            "teu-42-7.needs-determination",
            "may_apply",
            lambda f: f.treaty_territory() == "treaties" and needs_determination(f),
            lambda f: determination_reason(f, COUNCIL),
            "teu-42-7.aggression-on-a-member",
            cites=TEU,
        ),
        Rule(
            "teu-42-7.incident",
            "may_apply",
            lambda f: _own_territory(f) and incident(f),
            lambda f: incident_reason(f, COUNCIL).replace("an armed attack", "armed aggression"),
            "teu-42-7.aggression-on-a-member",
            cites="TEU, Art. 42(7); ICJ, Nicaragua (1986), para. 191",
        ),
        Rule(
            "teu-42-7.aggressor-is-a-member",
            "may_apply",
            lambda f: f.treaty_territory() == "treaties" and f.perpetrator_in("EU"),
            lambda f: (
                "the aggressor is itself a Member State: disputes between Member States "
                "go to the methods the Treaties provide (TFEU Art. 344); the clause is at most a political "
                "determination"
            ),
            "teu-42-7.aggression-on-a-member",
            cites="TEU, Art. 42(7); TFEU, Art. 344",
        ),
    ],
)


def _covered(f: Facts) -> bool:
    return (
        f.kind in DISASTERS
        or f.kind in ("terrorist-attack", "cyber-attack", "hybrid-campaign")
        or (f.kind == "armed-attack" and f.by_class == "non-state")
    )


def _covered_reason(f: Facts) -> str:
    arrangements = f.in_force("decision-2014-415-art2")
    return (
        f"{f.victim_name}, a Member State, is the object of a terrorist attack or the victim of a disaster: the "
        "Union and the Member States act jointly, and the others assist it at the request of its political "
        "authorities"
        + ("" if arrangements else " (the implementing arrangements of Decision 2014/415/EU are not yet in force)")
    )


TFEU_222: RuleSet[str] = RuleSet(
    "tfeu-222",
    reads=("clause:tfeu-222", "clause:decision-2014-415-art2", "victim:EU", "place:treaty"),
    kinds=WRITTEN_FOR,
    values={"place:treaty": TREATY_VALUES},
    rules=[
        *gate(
            "tfeu-222",
            "EU",
            covers="Article 222 covers terrorist attacks and natural or man-made disasters in a Member State",
            instrument="TFEU Article 222",
            outsider=lambda f: (
                f"{f.victim_name} is not a Member State of the European Union on the date of the event; the Civil "
                "Protection "
                "Mechanism is open to any country"
            ),
            cites=TFEU,
        ),
        Rule(
            "tfeu-222.not-covered",
            "does_not_apply",
            lambda f: party(f, "tfeu-222", "EU") and not _covered(f),
            lambda f: (
                f"{a_kind(f)}" + (f" by {f.by_class}" if f.by_class else "") + " is neither a terrorist "
                "attack nor a disaster (armed aggression falls under TEU Art. 42(7))"
            ),
            "tfeu-222.default",
            cites=TFEU,
        ),
        Rule(
            "tfeu-222.covered",
            "applies",
            lambda f: party(f, "tfeu-222", "EU") and _covered(f),
            _covered_reason,
            "tfeu-222.default",
            cites=TFEU,
        ),
        Rule(
            "tfeu-222.outside-treaty-territory",
            "does_not_apply",
            lambda f: f.treaty_territory() in ("national", "forces"),
            lambda f: (
                f"{f.place.label} is not territory where the Treaties apply (Decision 2014/415/EU, Art. 2; "
                "TFEU Art. 355)"
            ),
            "tfeu-222.covered",
            cites="TFEU, Art. 222; Decision 2014/415/EU, Art. 2; TFEU, Art. 355",
        ),
        Rule(
            "tfeu-222.at-sea",
            "may_apply",
            lambda f: f.treaty_territory() == "sea",
            lambda f: (
                "at sea the clause covers the territorial sea and infrastructure in the territorial sea, "
                "exclusive economic zone or continental shelf (Decision 2014/415/EU, Art. 2): it depends on "
                "where exactly the event strikes"
            ),
            "tfeu-222.covered",
            cites="TFEU, Art. 222; Decision 2014/415/EU, Art. 2(1)",
        ),
        Rule(
            "tfeu-222.needs-qualification",
            "may_apply",
            lambda f: (
                f.treaty_territory() == "treaties"
                and (f.kind in ("cyber-attack", "hybrid-campaign") or f.kind == "armed-attack")
            ),
            lambda f: f"{a_kind(f)} is covered only if it amounts to a terrorist attack or a man-made disaster",
            "tfeu-222.covered",
            cites=TFEU,
        ),
    ],
)
