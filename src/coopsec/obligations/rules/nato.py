"""North Atlantic Treaty: Article 4 consultations and Article 5 collective defence (with Art. 6's area)."""

from __future__ import annotations

from coopsec.obligations.rules.common import (
    AREA_VALUES,
    DISASTERS,
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

NAC = "North Atlantic Council"
ART4_CITE = "North Atlantic Treaty, Art. 4"
ART5_CITE = "North Atlantic Treaty, Art. 5"


ART4: RuleSet[str] = RuleSet(
    "nato-art4",
    reads=("clause:nato-art4", "victim:NATO"),
    kinds=WRITTEN_FOR,
    rules=[
        *gate(
            "nato-art4",
            "NATO",
            covers="Article 4 consultations are open to the Parties to the North Atlantic Treaty only",
            instrument="the North Atlantic Treaty",
            outsider=lambda f: (
                f"{f.victim_name} is not a Party on the date of the event: only Parties can ask for Article 4 "
                "consultations"
            ),
            cites=ART4_CITE,
            outsider_rule="not-a-party",
        ),
        Rule(
            "nato-art4.party-threatened",
            "applies",
            lambda f: f.in_force("nato-art4") and f.victim_in("NATO"),
            lambda f: (
                f"{f.victim_name} is a Party and may ask for consultations whenever, in its opinion, its "
                "territorial integrity, political independence or security is threatened; Article 4 has no "
                "geographical limit"
            ),
            "nato-art4.default",
            cites=ART4_CITE,
        ),
        Rule(
            "nato-art4.disaster",
            "may_apply",
            lambda f: f.kind in DISASTERS,
            lambda f: "a disaster is a matter for Article 4 only if the Party considers its security threatened",
            "nato-art4.party-threatened",
            cites=ART4_CITE,
        ),
    ],
)

ART5: RuleSet[str] = RuleSet(
    "nato-art5",
    reads=("clause:nato-art5", "clause:nato-art6", "victim:NATO", "perpetrator:NATO", "place:art6"),
    kinds=WRITTEN_FOR,
    values={"place:art6": AREA_VALUES},
    rules=[
        *gate(
            "nato-art5",
            "NATO",
            covers="Article 5 covers an armed attack on a Party within the Article 6 area",
            instrument="the North Atlantic Treaty",
            outsider=lambda f: f"{f.victim_name} is not a Party to the North Atlantic Treaty on the date of the event",
            cites=ART5_CITE,
            outsider_rule="not-a-party",
        ),
        *attack_rules(
            "nato-art5",
            "NATO",
            not_attack=(
                "not-an-attack",
                lambda f: f"{a_kind(f)} is not an armed attack; Article 4 consultations remain open",
            ),
            attack=(
                "attack-on-a-party",
                lambda f: (
                    f"the event strikes {f.victim_name}, a Party: an armed attack on a Party within the Article 6 "
                    "area is an attack against them all"
                    + (" (the attacker is still to be identified)" if f.by_class == "unknown" else "")
                ),
            ),
            cites=ART5_CITE,
        ),
        Rule(
            "nato-art5.outside-area",
            "does_not_apply",
            lambda f: f.art6() == "out",
            lambda f: (
                f"{f.place.label} lies outside the Article 6 area, so Article 5 does not cover it "
                "(Article 4 consultations and UN Charter Art. 51 remain)"
            ),
            "nato-art5.attack-on-a-party",
            cites="North Atlantic Treaty, Arts. 5 and 6 (text in force on the date)",
        ),
        Rule(
            "nato-art5.area-contested",
            "may_apply",
            lambda f: f.art6() == "contested",
            lambda f: f"whether {f.place.label} lies within the Article 6 area is for the {NAC} to determine",
            "nato-art5.attack-on-a-party",
            cites="North Atlantic Treaty, Art. 6 (text in force on the date)",
        ),
        Rule(
            "nato-art5.needs-determination",
            "may_apply",
            lambda f: f.art6() == "in" and needs_determination(f),
            lambda f: determination_reason(f, NAC),
            "nato-art5.attack-on-a-party",
            cites="North Atlantic Treaty, Art. 5; Wales Summit Declaration (2014), para. 72",
        ),
        Rule(
            "nato-art5.incident",
            "may_apply",
            lambda f: f.art6() == "in" and incident(f),
            lambda f: incident_reason(f, NAC) + "; Article 4 consultations are the usual answer to an incident",
            "nato-art5.attack-on-a-party",
            cites="North Atlantic Treaty, Art. 5; ICJ, Nicaragua (1986), para. 191",
        ),
        Rule(
            "nato-art5.attacker-is-a-party",
            "may_apply",
            lambda f: f.art6() == "in" and f.perpetrator_in("NATO"),
            lambda f: (
                f"the attacker is itself a Party: the Parties are bound to settle disputes "
                "peacefully (Art. 1) and whether Article 5 can be invoked against an Ally is a political "
                f"determination of the {NAC}"
            ),
            "nato-art5.attack-on-a-party",
            cites="North Atlantic Treaty, Arts. 1 and 5",
        ),
    ],
)
