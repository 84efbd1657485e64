"""Cross-file checks and the construction of the immutable :class:`KnowledgeBase`.

The schema checks one file at a time; here every reference is resolved (sources, states,
organisations, clauses), overlapping spells are found, and derived spells are generated. Every
problem becomes a :class:`DataIssue`; the caller raises them all at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

import pycountry

from coopsec.dates import intersect, overlaps
from coopsec.errors import DataIssue
from coopsec.kb.democracy import read_vdem
from coopsec.kb.files import RawData
from coopsec.kb.model import (
    Caveat,
    Clause,
    Criterion,
    Guarantee,
    KnowledgeBase,
    Organisation,
    OrgRule,
    PolicyStatus,
    RingsConfig,
    RivalBloc,
    Source,
    Spell,
    State,
    Succession,
)
from coopsec.kb.schema import OrgRuleIn, RivalBlocIn, SourceIn, SourceRef, StateIn


class _Span(Protocol):
    @property
    def start(self) -> dt.date | None: ...

    @property
    def end(self) -> dt.date | None: ...


class Builder:
    """Resolves references and collects issues while building the model."""

    def __init__(self, raw: RawData, root: Path) -> None:
        self.raw = raw
        self.root = root
        self.issues: list[DataIssue] = list(raw.issues)
        self.sources: dict[str, Source] = {}
        if raw.sources is not None:
            for key, src in raw.sources.sources.items():
                self.sources[key] = self._source(key, src)

    @staticmethod
    def _source(key: str, src: SourceIn) -> Source:
        return Source(
            id=key,
            title=src.title,
            href=src.href,
            reference=src.reference,
            verification=src.verification,
            last_verified=src.last_verified or dt.date.min,
        )

    def source(self, ref: SourceRef, file: str, path: str) -> Source | None:
        """Resolve a source id or inline source, or record why it cannot be."""
        if isinstance(ref, SourceIn):
            if ref.last_verified is None:
                self.issues.append(DataIssue(file, f"{path}.source", "an inline source needs last_verified"))
                return None
            return self._source(f"{file}:{path}", ref)
        found = self.sources.get(ref)
        if found is None:
            self.issues.append(
                DataIssue(file, f"{path}.source", f"unknown source id {ref!r}: add it to sources.yaml or fix the id")
            )
        return found

    # ---------------------------------------------------------------- states and organisations
    def states(self) -> dict[str, State]:
        """Every state, named from ISO 3166 unless the data names it."""
        states: dict[str, State] = {}
        if self.raw.states is None:
            return states
        for index, entry in enumerate(self.raw.states.states):
            if entry is None:
                continue
            path = f"states[{index}] ({entry.code})"
            if entry.code in states:
                self.issues.append(DataIssue("states.yaml", path, f"state {entry.code} is listed twice: keep one"))
                continue
            state = self._state(entry, path)
            if state is not None:
                states[entry.code] = state
        for state in states.values():
            named = [s.state for s in state.successors] + [c for c in (state.continues, state.separated_from) if c]
            for code in named:
                if code not in states:
                    self.issues.append(DataIssue("states.yaml", state.code, f"names unknown state {code!r}"))
        return states

    def _state(self, entry: StateIn, path: str) -> State | None:
        code = entry.code
        name, alpha3, historic = entry.name, entry.alpha3, len(code) == 4
        iso = (
            pycountry.historic_countries.get(alpha_4=code)
            if historic
            else pycountry.countries.get(alpha_2=code)
            if len(code) == 2
            else None
        )
        if iso is None and (name is None or alpha3 is None):
            self.issues.append(
                DataIssue(
                    "states.yaml",
                    f"{path}.code",
                    f"{code!r} is not an ISO 3166-1 alpha-2 (or ISO 3166-3 alpha-4) code: fix it, or give "
                    "'name' and 'alpha3' for a code ISO does not assign (like XK)",
                )
            )
            return None
        if iso is not None:
            name = name or getattr(iso, "common_name", None) or iso.name
            alpha3 = alpha3 or iso.alpha_3
        source = self.source(entry.source, "states.yaml", path)
        if source is None or name is None or alpha3 is None:
            return None
        return State(
            code=code,
            name=name,
            alpha3=alpha3,
            historic=historic,
            start=entry.start,
            end=entry.end,
            start_basis=entry.start_basis,
            end_basis=entry.end_basis,
            source=source,
            verification=entry.verification or source.verification,
            note=entry.note,
            continues=entry.continues,
            successors=tuple(Succession(s.state, s.kind) for s in entry.successors),
            separated_from=entry.separated_from,
        )

    def organisations(self) -> dict[str, Organisation]:
        """Every organisation, checked for duplicates."""
        orgs: dict[str, Organisation] = {}
        if self.raw.organisations is None:
            return orgs
        for index, entry in enumerate(self.raw.organisations.organisations):
            if entry is None:
                continue
            path = f"organisations[{index}] ({entry.code})"
            if entry.code in orgs:
                self.issues.append(DataIssue("organisations.yaml", path, "organisation listed twice: keep one"))
                continue
            source = self.source(entry.source, "organisations.yaml", path)
            if source is None:
                continue
            orgs[entry.code] = Organisation(
                code=entry.code,
                name=entry.name,
                kind=entry.kind,
                founded=entry.founded,
                founded_basis=entry.founded_basis,
                dissolved=entry.dissolved,
                source=source,
                basis_note=entry.basis_note,
                former_names=tuple((n.name, n.end) for n in entry.names),
                applies_from=entry.applies_from,
                coverage=" ".join(entry.coverage.split()) if entry.coverage else None,
            )
        return orgs

    def check_codes(self, file: str, path: str, states: Iterable[str], known: dict[str, object], kind: str) -> bool:
        """Record every code not in ``known``; true when all are known."""
        ok = True
        for code in states:
            if code not in known:
                ok = False
                self.issues.append(
                    DataIssue(file, path, f"unknown {kind} code {code!r}: use a code defined in the knowledge base")
                )
        return ok

    def check_overlaps(self, items: Sequence[tuple[str, str, _Span]], what: str) -> None:
        """Report every pair of spells of the same key that share a day."""
        groups: dict[str, list[tuple[str, str, _Span]]] = defaultdict(list)
        for key, where, span in items:
            groups[key].append((key, where, span))
        for members in groups.values():
            members.sort(key=lambda m: m[2].start or dt.date.min)
            for i, (key, where, span) in enumerate(members):
                for _, other_where, other in members[i + 1 :]:
                    if overlaps(span.start, span.end, other.start, other.end):
                        self.issues.append(
                            DataIssue(
                                where.split(": ", 1)[0],
                                where.split(": ", 1)[-1],
                                f"overlaps {other_where} for {what} {key}: end one spell on the day the next starts",
                            )
                        )

    def rule(self, entry: OrgRuleIn, orgs: dict[str, Organisation], path: str) -> OrgRule:
        """A ring rule with its organisation checked."""
        self.check_codes("rings.yaml", path, [entry.organisation], dict(orgs), "organisation")
        return OrgRule(
            organisation=entry.organisation,
            statuses=tuple(entry.statuses),
            clauses=tuple(entry.clauses),
            commitment=entry.commitment,
            threats=tuple(entry.threats),
            structures=entry.structures,
            instruments=tuple(entry.instruments),
        )

    def rings(self, orgs: dict[str, Organisation], clauses: dict[str, tuple[Clause, ...]]) -> RingsConfig | None:
        """The ring definitions, with every organisation and clause they name checked."""
        raw = self.raw.rings
        if raw is None:
            return None
        source = self.source(raw.source, "rings.yaml", "")
        crit_source = self.source(raw.core.criterion.source, "rings.yaml", "core.criterion")
        self.check_codes("rings.yaml", "core.organisations", raw.core.organisations, dict(orgs), "organisation")
        guarantees = []
        for i, g in enumerate(raw.ring2.guarantees):
            named = [g.clause, *([g.area_clause] if g.area_clause else [])]
            self.check_codes("rings.yaml", f"ring2.guarantees[{i}]", named, dict(clauses), "clause")
            self.check_codes("rings.yaml", f"ring2.guarantees[{i}]", [g.organisation], dict(orgs), "organisation")
            caveats = tuple(Caveat(text=c.text, policy=tuple(c.policy), member_of=c.member_of) for c in g.caveats)
            guarantees.append(
                Guarantee(g.clause, g.organisation, tuple(g.statuses), g.scope, g.duty, caveats, g.area_clause)
            )
        binding = tuple(self.rule(r, orgs, f"ring1.binding[{i}]") for i, r in enumerate(raw.ring1.binding))
        for i, rule in enumerate(binding):
            self.check_codes("rings.yaml", f"ring1.binding[{i}].clauses", rule.clauses, dict(clauses), "clause")
        if source is None or crit_source is None:
            return None
        crit = raw.core.criterion
        return RingsConfig(
            source=source,
            core_organisations=tuple(raw.core.organisations),
            core_statuses=tuple(raw.core.statuses),
            criterion=Criterion(crit.indicator, crit.op, crit.value, crit.text),
            criterion_source=crit_source,
            ring1_binding=binding,
            ring1_cooperation=tuple(
                self.rule(r, orgs, f"ring1.cooperation[{i}]") for i, r in enumerate(raw.ring1.cooperation)
            ),
            guarantees=tuple(guarantees),
            outer=tuple(self.rule(r, orgs, f"outer.instruments[{i}]") for i, r in enumerate(raw.outer.instruments)),
            rival_blocs=tuple(self.rival_bloc(r, orgs, i) for i, r in enumerate(raw.outer.rival_blocs)),
        )

    def rival_bloc(self, entry: RivalBlocIn, orgs: dict[str, Organisation], i: int) -> RivalBloc:
        """A rival bloc with its organisations checked."""
        codes = [entry.organisation, *entry.incompatible_with]
        self.check_codes("rings.yaml", f"outer.rival_blocs[{i}]", codes, dict(orgs), "organisation")
        return RivalBloc(
            entry.organisation, tuple(entry.statuses), entry.text, tuple(entry.incompatible_with), entry.incompatibility
        )


def derive_spells(builder: Builder, orgs: dict[str, Organisation], spells: list[Spell]) -> list[Spell]:
    """Spells implied by ``includes`` (every EU Member State takes part in the UCPM, ...)."""
    derived: list[Spell] = []
    if builder.raw.organisations is None:
        return derived
    for entry in builder.raw.organisations.organisations:
        if entry is None:
            continue
        org = orgs.get(entry.code)
        for index, inc in enumerate(entry.includes):
            path = f"organisations ({entry.code}).includes[{index}]"
            if org is None or not builder.check_codes(
                "organisations.yaml", path, [inc.organisation], dict(orgs), "organisation"
            ):
                continue
            source = builder.source(inc.source, "organisations.yaml", path)
            if source is None:
                continue
            for spell in spells:
                if spell.organisation != inc.organisation or spell.status != inc.status:
                    continue
                common = intersect(spell.start, spell.end, inc.from_ or org.founded, org.dissolved)
                if common is None or common[0] is None:
                    continue
                derived.append(
                    Spell(
                        state=spell.state,
                        organisation=entry.code,
                        status="member",
                        start=common[0],
                        end=common[1],
                        start_basis=spell.start_basis if common[0] == spell.start else "effective",
                        end_basis=spell.end_basis if common[1] == spell.end else None,
                        precision=spell.precision,
                        source=source,
                        verification=source.verification,
                        last_verified=source.last_verified,
                        note=f"as a member of the {inc.organisation}",
                        derived_from=inc.organisation,
                        file="organisations.yaml",
                    )
                )
    return derived


def build_policies(builder: Builder, states: dict[str, State]) -> list[PolicyStatus]:
    """Security-policy statuses, with their states checked and overlaps reported."""
    out: list[PolicyStatus] = []
    if builder.raw.policy is None:
        return out
    spans = []
    for i, entry in enumerate(builder.raw.policy.statuses):
        if entry is None:
            continue
        path = f"statuses[{i}] ({entry.state})"
        builder.check_codes("security_policy.yaml", path, [entry.state], dict(states), "state")
        source = builder.source(entry.source, "security_policy.yaml", path)
        if source is None or entry.start_basis is None:
            continue
        status = PolicyStatus(
            entry.state,
            entry.status,
            entry.start,
            entry.end,
            entry.start_basis,
            entry.end_basis,
            entry.precision,
            source,
            entry.verification or source.verification,
            entry.note,
        )
        out.append(status)
        spans.append((f"{entry.state} {entry.status}", f"security_policy.yaml: {path}", status))
    builder.check_overlaps(spans, "the status")
    return out


def load_democracy(builder: Builder, states: dict[str, State]) -> object:
    """The V-Dem series, or ``None`` when its description file is broken."""
    vdem = builder.raw.vdem
    if vdem is None:
        return None
    sources = [builder.source(d.source, "vdem/vdem.yaml", f"datasets[{i}]") for i, d in enumerate(vdem.datasets)]
    return read_vdem(builder.root / "vdem", vdem, states, sources, builder.issues)


def index(kb: KnowledgeBase) -> KnowledgeBase:
    """Fill the look-up indexes of a freshly built knowledge base."""
    by_org: dict[str, list[Spell]] = defaultdict(list)
    by_state: dict[str, list[Spell]] = defaultdict(list)
    for spell in kb.spells:
        by_org[spell.organisation].append(spell)
        by_state[spell.state].append(spell)
    kb.spells_by_org.update({k: tuple(v) for k, v in by_org.items()})
    kb.spells_by_state.update({k: tuple(v) for k, v in by_state.items()})
    for state in kb.states.values():
        kb.alpha3[state.alpha3] = state.code
    return kb
