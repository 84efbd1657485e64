"""The after-action report of an incident, as a crisis cell would file it: Markdown or HTML.

It is built from the stored incident (every step of its timeline, who took it, for which state and
when), the open items still to be settled, and the mechanisms invoked with their legal basis as the
obligation engine cites them for the incident's date. The HTML form is a plain document (no script,
no inline style), so it passes the service's content security policy and prints as it is.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from coopsec.errors import TransitionError, choose
from coopsec.obligations import Assessor
from coopsec.response.coordination_rules import assessment_for, mechanism_for
from coopsec.response.coordination_store import get, now
from coopsec.response.coordination_views import show_incident
from coopsec.store.incident_models import Incident

FORMATS = ("md", "html")
#: How much of a clause's text the report quotes before pointing to the source.
QUOTE = 400


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its paragraphs, bullets or table (rows of cells; the first row is the header)."""

    title: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()


def open_items(shown: dict[str, Any]) -> list[str]:
    """What is still unsettled: the incident or requests open, offers undecided, accepted offers undelivered."""
    items: list[str] = []
    if shown["status"] == "open":
        items.append(f"The incident is still open (IPCR mode: {shown['ipcr_mode']}).")
    elif shown["ipcr_mode"] != "none":
        items.append(f"The IPCR is still in {shown['ipcr_mode']} mode although the incident is closed.")
    items += [
        f"Request {r['id']} ({r['mechanism']}) is still open." for r in shown["requests"] if r["status"] == "open"
    ]
    delivered = {d["offer_id"] for d in shown["deliveries"]}
    for offer in shown["offers"]:
        if offer["status"] == "pending":
            items.append(f"Offer {offer['id']} of {offer['state']} ({offer['what']}) was never accepted or declined.")
        elif offer["status"] == "accepted" and offer["id"] not in delivered:
            items.append(f"Offer {offer['id']} of {offer['state']} was accepted but no delivery is recorded.")
    return items


def _mechanisms(assessor: Assessor, incident: Incident, shown: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for mechanism in dict.fromkeys(r["mechanism"] for r in shown["requests"]):
        try:
            result = mechanism_for(assessor, incident, mechanism)
        except TransitionError as err:
            lines.append(f"{mechanism}: {err}")
            continue
        cited = result.citation_dict()
        quote = (cited["text"] or "").strip()
        quote = quote if len(quote) <= QUOTE else quote[:QUOTE].rsplit(" ", 1)[0] + " ..."
        where = f" ({cited['href']})" if cited["href"] else ""
        text = f"{result.title}: {result.status.replace('_', ' ')}. Legal basis: {cited['title']}{where}."
        if quote:
            text += f' "{quote}"'
        if result.procedure:
            text += f" Procedure: {result.procedure}"
        lines.append(text)
    return lines or ["None invoked."]


def _facts(shown: dict[str, Any]) -> tuple[str, ...]:
    def yes(key: str) -> str:
        return "yes" if shown[key] else "no"

    closed = f" since {shown['closed_at']}" if shown["closed_at"] else ""
    return (
        f"{shown['victim']} reported a {shown['kind']} at {shown['place']} on {shown['occurred_at']} "
        f"({shown['casualties']} casualties; CBRN: {yes('cbrn')}; cross-border links: {yes('cross_border')}; "
        f"online propaganda: {yes('online_propaganda')}; perpetrators: {shown['perpetrators']}). "
        f"Reported by {shown['reported_by']}.",
        f"Status: {shown['status']}{closed}; IPCR mode: {shown['ipcr_mode']}.",
    )


def _offers(shown: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    deliveries: dict[int, list[str]] = {}
    for d in shown["deliveries"]:
        deliveries.setdefault(d["offer_id"], []).append(f"{d['delivered_at'][:10]}: {d['what']}")
    mechanisms = {r["id"]: r["mechanism"] for r in shown["requests"]}
    rows = [("Offer", "State", "Under", "What", "Decision", "Deliveries")]
    for o in shown["offers"]:
        decided = f" by {o['decided_by']} on {o['decided_at'][:10]}" if o["decided_by"] else ""
        delivered = "; ".join(deliveries.get(o["id"], [])) or "none"
        rows.append(
            (str(o["id"]), o["state"], mechanisms[o["request_id"]], o["what"], o["status"] + decided, delivered)
        )
    return tuple(rows) if len(rows) > 1 else ()


def _not_invoked(assessor: Assessor, incident: Incident, shown: dict[str, Any]) -> list[str]:
    """The mechanisms the engine finds available for the incident that were not invoked."""
    invoked = {r["mechanism"] for r in shown["requests"]}
    labels = {"applies": "applies", "may_apply": "may apply"}
    return [
        f"{m.title}: {labels[m.status]}. {m.procedure}".strip()
        for m in assessment_for(assessor, incident).mechanisms
        if m.status in labels and m.id not in invoked
    ] or ["None."]


def sections(session: Session, assessor: Assessor, incident_id: int) -> tuple[str, list[Section]]:
    """The report's title and sections."""
    incident = get(session, Incident, incident_id, "incident")
    shown = show_incident(session, incident_id)
    day = shown["occurred_at"][:10]
    title = f"After-action report: {shown['kind']} in {shown['victim']}, {day} (incident {incident_id})"
    timeline = [("When", "Who", "For", "Step", "What")]
    timeline += [(s["at"], s["actor"], s["state"], s["action"], s["summary"]) for s in shown["timeline"]]
    requests = tuple(
        f"{r['requested_at']}: {r['mechanism']} ({r['status']}); needs: {r['needs']}" for r in shown["requests"]
    )
    offers = _offers(shown)
    settled = "None: every request, offer and delivery is settled."
    return title, [
        Section("The incident", paragraphs=_facts(shown)),
        Section("Mechanisms invoked and their legal basis", bullets=tuple(_mechanisms(assessor, incident, shown))),
        Section("Available but not invoked", bullets=tuple(_not_invoked(assessor, incident, shown))),
        Section("Requests", bullets=requests or ("None.",)),
        Section("Offers, decisions and deliveries", table=offers, paragraphs=() if offers else ("No offers.",)),
        Section("Timeline", table=tuple(timeline)),
        Section("Open items", bullets=tuple(open_items(shown)) or (settled,)),
    ]


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(title: str, parts: list[Section]) -> str:
    """The report as Markdown."""
    lines = [f"# {title}", "", f"_Generated by coopsec on {now()}._", ""]
    for part in parts:
        lines += [f"## {part.title}", ""]
        lines += [p + "\n" for p in part.paragraphs]
        lines += [f"- {b}" for b in part.bullets] + ([""] if part.bullets else [])
        if part.table:
            head, *rows = part.table
            lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows] + [""]
    return "\n".join(lines).rstrip() + "\n"


def to_html(title: str, parts: list[Section]) -> str:
    """The report as a self-contained HTML document (escaped, no scripts, no inline styles)."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p><em>Generated by coopsec on {e(now())}.</em></p>",
    ]
    for part in parts:
        out.append(f"<h2>{e(part.title)}</h2>")
        out += [f"<p>{e(p)}</p>" for p in part.paragraphs]
        if part.bullets:
            out += ["<ul>", *(f"<li>{e(b)}</li>" for b in part.bullets), "</ul>"]
        if part.table:
            head, *rows = part.table
            out.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>")
            out += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
            out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def after_action(session: Session, assessor: Assessor, incident_id: int, fmt: str = "md") -> str:
    """The after-action report of an incident in ``fmt`` (``md`` or ``html``)."""
    chosen = choose(fmt, FORMATS, "report format")
    title, parts = sections(session, assessor, incident_id)
    return to_markdown(title, parts) if chosen == "md" else to_html(title, parts)
