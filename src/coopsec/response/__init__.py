"""Prevention and response: response plans under the four pillars (and crisis coordination).

The planner (:func:`plan`) is a pure function from incident facts to the actions of the catalogue
(``response.yaml``) whose triggers hold, with the obligation engine's mechanisms for the same event.
"""

from coopsec.response.facts import PERPETRATORS, Incident
from coopsec.response.planner import Plan, PlanAction, PlanMechanism, plan

__all__ = ["PERPETRATORS", "Incident", "Plan", "PlanAction", "PlanMechanism", "plan"]
