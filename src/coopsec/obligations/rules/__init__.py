"""The labelled rules of every mechanism, kept apart from the engine and from the data."""

from coopsec.obligations.rules.csto import CSTO_ART4
from coopsec.obligations.rules.engine import Decision, Rule, RuleConflictError, RuleSet
from coopsec.obligations.rules.eu import TEU_42_7, TFEU_222
from coopsec.obligations.rules.general import EU_UCPM, UN_ART51, WEU_ART5
from coopsec.obligations.rules.nato import ART4, ART5

#: Every mechanism's rules, in the order results are reported.
RULESETS: tuple[RuleSet[str], ...] = (ART4, ART5, TEU_42_7, TFEU_222, WEU_ART5, CSTO_ART4, UN_ART51, EU_UCPM)

__all__ = ["RULESETS", "Decision", "Rule", "RuleConflictError", "RuleSet"]
