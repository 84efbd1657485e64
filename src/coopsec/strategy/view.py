"""The register as JSON (``coopsec risk register --json``, ``GET /api/v1/risk``, the dashboard's matrix).

Every entry carries its figures with their sources and verification, and its assumptions in words,
so a reader can trace each rate; the matrix places the entries in the 5 x 5 likelihood x impact grid
of SEC(2010) 1626 with the class labels, so the grid reads in words as well as in position.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from coopsec.kb import KnowledgeBase
from coopsec.strategy.register import Register, flank_states, left_out


def _source(kb: KnowledgeBase, register: Register, source_id: str) -> dict[str, Any]:
    own = register.data.sources.get(source_id)
    if own is not None:
        return {
            "id": source_id,
            "title": own.title,
            "href": own.href or own.reference,
            "verification": own.verification,
        }
    src = kb.sources[source_id]
    return {"id": source_id, **src.to_dict()}


def register_dict(kb: KnowledgeBase, register: Register, day: dt.date) -> dict[str, Any]:
    """The register on ``day``: calibration, regions with their states, entries with sources, the matrix."""
    data = register.data
    cal = data.calibration
    states, missing = flank_states(kb, register, day), left_out(kb, register, day)
    entries = []
    for e in data.entries:
        threat = data.threats[e.threat]
        entries.append(
            {
                "threat": e.threat,
                "threat_name": threat.name,
                "region": e.region,
                "instrument": e.instrument,
                "event_kind": threat.kind,
                "mechanisms": list(threat.via),
                "likelihood": e.likelihood,
                "likelihood_label": cal.likelihood[e.likelihood - 1].label,
                "impact": e.impact,
                "impact_label": cal.impact[e.impact - 1].label,
                "risk": e.likelihood * e.impact,
                "rate": e.rate,
                "demand": e.demand,
                "basis": e.basis,
                "figures": [
                    {
                        "id": f,
                        "value": data.figures[f].value,
                        "unit": data.figures[f].unit,
                        "verification": data.figures[f].verification,
                        "source": _source(kb, register, data.figures[f].source),
                    }
                    for f in e.figures
                ],
                "assumptions": [
                    {"id": a, "value": data.assumptions[a].value, "text": data.assumptions[a].text}
                    for a in e.assumptions
                ],
            }
        )
    matrix = [
        {
            "likelihood": lv.level,
            "label": lv.label,
            "cells": [
                {
                    "impact": iv.level,
                    "label": iv.label,
                    "entries": [
                        f"{x['threat_name']} ({x['region']})"
                        for x in entries
                        if x["likelihood"] == lv.level and x["impact"] == iv.level
                    ],
                }
                for iv in cal.impact
            ],
        }
        for lv in reversed(cal.likelihood)
    ]
    return {
        "on": day.isoformat(),
        "file": register.file,
        "as_of": data.as_of.isoformat(),
        "calibration": {
            "source": _source(kb, register, cal.source),
            "text": cal.text,
            "likelihood": [lv.model_dump(exclude_none=True) for lv in cal.likelihood],
            "impact": [lv.model_dump(exclude_none=True) for lv in cal.impact],
        },
        "regions": {
            name: {"name": f.name, "states": list(states[name]), "left_out": list(missing.get(name, ()))}
            for name, f in data.flanks.items()
        },
        "flank_rule": data.flank_rule,
        "instruments": {k: v.model_dump() for k, v in data.instruments.items()},
        "entries": entries,
        "matrix": matrix,
    }
