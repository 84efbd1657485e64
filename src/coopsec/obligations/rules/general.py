"""Modified Brussels Treaty Art. V (WEU), UN Charter Art. 51, and the EU Civil Protection Mechanism."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    is_attack,
    needs_determination,
)
from coopsec.obligations.rules.engine import Rule, RuleSet, always

if TYPE_CHECKING:
    from coopsec.obligations.facts import Facts


WEU_ART5: RuleSet[str] = RuleSet(
    "weu-art5",
    reads=("clause:weu-art5", "victim:WEU", "perpetrator:WEU", "place:europe"),
    kinds=WRITTEN_FOR,
    values={"place:europe": AREA_VALUES},
    rules=[
        *gate(
            "weu-art5",
            "WEU",
            covers="Article V covers an armed attack in Europe on a High Contracting Party",
            instrument="the Modified Brussels Treaty's Article V",
            outsider=lambda f: (
                f"{f.victim_name} is not a full member of the Western European Union on the date of the event"
            ),
            cites="Modified Brussels Treaty, Art. V",
        ),
        *attack_rules(
            "weu-art5",
            "WEU",
            not_attack=("not-an-attack", lambda f: f"{a_kind(f)} is not an armed attack"),
            attack=(
                "attack-on-a-member",
                lambda f: (
                    f"an armed attack in Europe on {f.victim_name}: the other Parties afford it all the military "
                    "and other aid and assistance in their power"
                ),
            ),
            cites="Modified Brussels Treaty, Art. V",
        ),
        Rule(
            "weu-art5.outside-europe",
            "does_not_apply",
            lambda f: f.in_europe() == "out",
            lambda f: f"{f.place.label} is not in Europe",
            "weu-art5.attack-on-a-member",
            cites="Modified Brussels Treaty, Art. V",
        ),
        Rule(
            "weu-art5.europe-contested",
            "may_apply",
            lambda f: f.in_europe() == "contested",
            lambda f: f"whether {f.place.label} counts as 'in Europe' is for the WEU Council to determine",
            "weu-art5.attack-on-a-member",
            cites="Modified Brussels Treaty, Art. V",
        ),
        Rule(
            "weu-art5.needs-determination",
            "may_apply",
            lambda f: f.in_europe() == "in" and needs_determination(f),
            lambda f: determination_reason(f, "WEU Council"),
            "weu-art5.attack-on-a-member",
            cites="Modified Brussels Treaty, Art. V",
        ),
        Rule(
            "weu-art5.incident",
            "may_apply",
            lambda f: f.in_europe() == "in" and incident(f),
            lambda f: incident_reason(f, "WEU Council"),
            "weu-art5.attack-on-a-member",
            cites="Modified Brussels Treaty, Art. V; ICJ, Nicaragua (1986), para. 191",
        ),
        Rule(
            "weu-art5.attacker-is-a-member",
            "may_apply",
            lambda f: f.in_europe() == "in" and f.perpetrator_in("WEU"),
            lambda f: "the attacker is itself a Party: at most a political determination",
            "weu-art5.attack-on-a-member",
            cites="Modified Brussels Treaty, Art. V",
        ),
    ],
)


def _un_determination(f: Facts) -> str:
    f.cite("un-sc-1368")
    return determination_reason(f, "Security Council, to which self-defence measures are reported")


UN_ART51: RuleSet[str] = RuleSet(
    "un-art51",
    reads=("victim:UN",),
    kinds=WRITTEN_FOR,
    rules=[
        Rule(
            "un-art51.default",
            "does_not_apply",
            always,
            lambda f: "Article 51 preserves the right of self-defence if an armed attack occurs",
            cites="UN Charter, Art. 51",
        ),
        Rule(
            "un-art51.no-armed-attack",
            "does_not_apply",
            lambda f: not is_attack(f),
            lambda f: (
                f"{a_kind(f)} is not an armed attack that has occurred"
                + (
                    " (anticipatory self-defence against a threat is contested and not assumed)"
                    if f.kind == "threat"
                    else ""
                )
            ),
            "un-art51.default",
            cites="UN Charter, Art. 51",
        ),
        Rule(
            "un-art51.attack-on-a-member",
            "applies",
            lambda f: is_attack(f) and f.victim_in("UN"),
            lambda f: (
                f"{f.victim_name} is a Member of the United Nations and may exercise its inherent right of "
                "individual or collective self-defence until the Security Council acts"
                + (" (the attacker must still be identified)" if f.by_class == "unknown" else "")
            ),
            "un-art51.default",
            cites="UN Charter, Art. 51",
        ),
        Rule(
            "un-art51.not-a-member",
            "may_apply",
            lambda f: is_attack(f) and not f.victim_in("UN"),
            lambda f: (
                f"{f.victim_name} is not a Member of the United Nations: Article 51 speaks of Members, though the "
                "customary right of self-defence is generally held to belong to every state"
            ),
            "un-art51.default",
            cites="UN Charter, Art. 51",
        ),
        Rule(
            "un-art51.needs-determination",
            "may_apply",
            needs_determination,
            _un_determination,
            "un-art51.attack-on-a-member",
            cites="UN Charter, Art. 51; UN Security Council resolution 1368 (2001)",
        ),
        Rule(
            "un-art51.incident",
            "may_apply",
            incident,
            lambda f: incident_reason(f, "Security Council, to which self-defence measures are reported"),
            "un-art51.attack-on-a-member",
            cites="UN Charter, Art. 51; ICJ, Nicaragua (1986), paras. 191 and 195",
        ),
    ],
)


def _ucpm(f: Facts) -> bool:
    return f.organisation_exists("UCPM")


EU_UCPM: RuleSet[str] = RuleSet(
    "eu-ucpm",
    reads=("org:UCPM",),
    kinds=WRITTEN_FOR,
    rules=[
        Rule(
            "eu-ucpm.default",
            "does_not_apply",
            always,
            lambda f: "the Mechanism answers requests for help in an emergency",
            cites="Decision 2001/792/EC (2002-2013); Decision No 1313/2013/EU, Arts. 1 and 15 (from 2014)",
        ),
        Rule(
            "eu-ucpm.not-yet",
            "does_not_apply",
            lambda f: not _ucpm(f),
            lambda f: (
                "the EU Civil Protection Mechanism does not operate yet on the date of the event (Decision "
                "2001/792/EC applied from 1 January 2002)"
            ),
            "eu-ucpm.default",
            cites="Decision 2001/792/EC (2002-2013); Decision No 1313/2013/EU, Arts. 1 and 15 (from 2014)",
        ),
        Rule(
            "eu-ucpm.threat",
            "does_not_apply",
            lambda f: _ucpm(f) and f.kind == "threat",
            lambda f: "a threat is not yet an emergency: preparedness and early warning only",
            "eu-ucpm.default",
            cites="Decision 2001/792/EC (2002-2013); Decision No 1313/2013/EU, Arts. 1 and 15 (from 2014)",
        ),
        Rule(
            "eu-ucpm.emergency",
            "applies",
            lambda f: _ucpm(f) and (f.kind in DISASTERS or f.kind in ("armed-attack", "terrorist-attack")),
            lambda f: (
                f"any country, {f.victim_name} included, may request assistance through the Commission's "
                "emergency centre (the Monitoring and Information Centre until 2013, the Emergency Response "
                "Coordination Centre since); the Mechanism covers all kinds of disasters, including the "
                "consequences of acts of terrorism and of war"
            ),
            "eu-ucpm.default",
            cites="Decision 2001/792/EC (2002-2013); Decision No 1313/2013/EU, Arts. 1 and 15 (from 2014)",
        ),
        Rule(
            "eu-ucpm.cyber-or-hybrid",
            "may_apply",
            lambda f: _ucpm(f) and f.kind in ("cyber-attack", "hybrid-campaign"),
            lambda f: (
                f"{a_kind(f)} is covered only if it causes an emergency that civil protection assistance can address"
            ),
            "eu-ucpm.default",
            cites="Decision 2001/792/EC (2002-2013); Decision No 1313/2013/EU, Arts. 1 and 15 (from 2014)",
        ),
    ],
)
