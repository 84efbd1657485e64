"""Prevention and response: response plans under the four pillars (and crisis coordination).

The planner (:func:`plan`) is a pure function from incident facts to the actions of the catalogue
(``response.yaml``) whose triggers hold, with the obligation engine's mechanisms for the same event.
:func:`presidency_on` says which Member State holds the Council presidency (and so decides the IPCR mode)
on a day.
"""

from coopsec.response.coordination import (
    close_incident,
    close_request,
    decide_offer,
    deliver,
    make_offer,
    report_incident,
    request_assistance,
    set_ipcr_mode,
)
from coopsec.response.facts import PERPETRATORS, Incident
from coopsec.response.planner import Plan, PlanAction, PlanMechanism, plan
from coopsec.response.presidency import Presidency, presidency_on, presidency_report
from coopsec.response.report import after_action

__all__ = [
    "PERPETRATORS",
    "Incident",
    "Plan",
    "PlanAction",
    "PlanMechanism",
    "Presidency",
    "after_action",
    "close_incident",
    "close_request",
    "decide_offer",
    "deliver",
    "make_offer",
    "plan",
    "presidency_on",
    "presidency_report",
    "report_incident",
    "request_assistance",
    "set_ipcr_mode",
]
