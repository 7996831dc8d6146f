"""A worker's CPD for the year laid out for SWE's online CPD form, to copy across by hand.

Social Work England's form is filled in in the worker's online account. Only a field whose
wording was read on SWE's own page (``confirmed`` in data/swe-rules.yaml ``cpd_form``: the peer
reflection question) is presented as SWE's; every other field is labelled as cpdsync's
suggestion of what to write. The description of each piece is built from the course's own
Moodle summary and the worker's own words, so no two workers get the same text. A record is
"ready to copy" only when the worker's own reflection is in it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from cpdsync.readiness.report_model import EntryView, ReadinessReport, WorkerReadiness
from cpdsync.readiness.swe_rules import CpdForm, FormField
from cpdsync.render.csv_report import Cell, write_rows
from cpdsync.timeutil import uk_day

# SWE's form has a "type of CPD" list whose options are not published; these are the
# closest plain names for cpdsync's CPD types.
CPD_TYPE_LABELS: dict[str, str] = {
    "training_course": "Training course",
    "e_learning": "E-learning",
    "peer_discussion": "Peer discussion or reflective practice group",
    "supervision": "Supervision",
    "reading": "Reading",
    "conference": "Conference or event",
    "research": "Research",
    "shadowing": "Shadowing",
    "other": "Other",
}
SWE_STANDARD_PREFIX = "SWE-PS-"
SWE_MARK = "[SWE's question]"
SUGGESTION_MARK = "[cpdsync's suggestion]"
READY = "ready to copy"
WRITE_FIRST = "not ready: write your reflection first"
DRAFT = "not ready: your reflection is a draft - finish and submit it first"
ON_SWE = "already on your SWE account (you said so); its words are not in cpdsync"
SUMMARY_LIMIT = 600


@dataclass(frozen=True)
class FilledField:
    field: str
    label: str
    value: str
    to_write: bool  # the worker still has to write this part
    confirmed: bool = False  # the label is SWE's own wording


@dataclass(frozen=True)
class FormEntry:
    entry_id: int
    ready_to_submit: bool  # the worker's own, submitted reflection is in the record
    fields: tuple[FilledField, ...]
    draft: bool = False  # the reflection shown is a draft the worker has not submitted
    on_swe: bool = False  # the worker declared it recorded on their SWE account

    @property
    def state(self) -> str:
        """The record's heading: ready to copy, already on SWE, or what to do first."""
        if self.ready_to_submit:
            return READY
        if self.on_swe:
            return ON_SWE
        return DRAFT if self.draft else WRITE_FIRST


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "br", "li", "div"):
            self.parts.append(" ")


def plain_summary(html_text: str) -> str:
    """Return a Moodle course summary (HTML) as one line of plain text, at most
    SUMMARY_LIMIT characters, cut at a word."""
    parser = _Text()
    parser.feed(html_text)
    parser.close()
    text = _clean(re.sub(r"\s+", " ", "".join(parser.parts))).strip()
    if len(text) > SUMMARY_LIMIT:
        text = text[:SUMMARY_LIMIT].rsplit(" ", 1)[0] + " ..."
    return text


def _clean(text: str) -> str:
    """Keep line breaks of a written reflection; drop other control characters."""
    return "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)


def _first_sentence(text: str) -> str:
    line = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", line)
    return match.group(1) if match else line


def _own_words(entry: EntryView) -> bool:
    """True when the worker's own reflection (learnt and impact) is written and submitted."""
    return bool(entry.learnt.strip() and entry.impact.strip()) and not entry.has_draft_reflection


def _still_to_write(entry: EntryView, part: str) -> str:
    if entry.recorded_on_swe:
        where = " (you said it is recorded on your SWE account: copy it from there)"
    elif entry.prompts_reflection and entry.source == "moodle":
        where = " (if you wrote it in the Moodle course, copy it from there)"
    else:
        where = ""
    return f"[not written yet: {part}{where} - run `cpdsync cpd reflect {entry.entry_id}`]"


def _draft(entry: EntryView, text: str) -> str:
    """The worker's draft words under a mark saying they do not count until submitted."""
    return (
        f"[draft, not submitted yet - finish it and save it without --draft: "
        f"`cpdsync cpd reflect {entry.entry_id}`]\n{text}"
    )


def _description(entry: EntryView, type_label: str) -> tuple[str, bool]:
    """The activity in the course's own words, then why it matters in the worker's words."""
    hours = f", {entry.hours:g} hour{'' if entry.hours == 1 else 's'}" if entry.hours else ""
    about = plain_summary(entry.course_summary) if entry.course_summary else ""
    what = f"{type_label}: '{entry.title}'{hours}."
    head = f"{what} {about}" if about else what
    words = _first_sentence(entry.impact) or _first_sentence(entry.learnt)
    if words and not entry.has_draft_reflection:
        return f"{head}\nWhy it is relevant to my practice: {words}", False
    return (
        f"{head}\n"
        + _still_to_write(entry, "in your own words, why this is relevant to your practice"),
        True,
    )


def _values(entry: EntryView) -> dict[str, tuple[str, bool]]:
    type_label = CPD_TYPE_LABELS.get(entry.cpd_type, entry.cpd_type.replace("_", " "))

    def part(text: str, name: str) -> tuple[str, bool]:
        if text and entry.has_draft_reflection:
            return _draft(entry, text), True
        if text:
            return text, False
        return _still_to_write(entry, name), True

    if entry.peer_reflection:
        peer = entry.peer_reflection + (f" (peer: {entry.peer_role})" if entry.peer_role else "")
        peer_value = (_draft(entry, peer), True) if entry.has_draft_reflection else (peer, False)
    elif entry.prompts_peer or entry.peer_recorded_on_swe:
        peer_value = (
            _still_to_write(entry, "what you learnt from discussing it with a peer"),
            True,
        )
    else:
        peer_value = ("", False)
    standards = [
        cap.removeprefix(SWE_STANDARD_PREFIX)
        for cap in entry.capabilities
        if cap.startswith(SWE_STANDARD_PREFIX)
    ]
    return {
        "title": (entry.title, False),
        "date": (entry.activity_date.strftime("%d/%m/%Y"), False),
        "type_of_cpd": (type_label, False),
        "description_and_relevance": _description(entry, type_label),
        "what_you_learnt": part(entry.learnt, "what you learnt"),
        "impact_on_practice": part(entry.impact, "the impact on your practice"),
        "peer_reflection": peer_value,
        "linked_standards": (", ".join(standards), False),
    }


def _filled(f: FormField, values: dict[str, tuple[str, bool]]) -> FilledField:
    value, to_write = values.get(f.field, ("", False))
    return FilledField(f.field, f.label, _clean(value), to_write, f.confirmed)


def form_entries(worker: WorkerReadiness, form: CpdForm) -> list[FormEntry]:
    """Return the worker's CPD that counts this year, oldest first, laid out in ``form``'s
    fields; a record is ready only when the worker's own submitted reflection is in it."""
    out = []
    for entry in sorted(
        (x for x in worker.detail.entries if x.counts), key=lambda x: (x.activity_date, x.entry_id)
    ):
        values = _values(entry)
        fields = tuple(_filled(f, values) for f in form.fields)
        ready = _own_words(entry) and not any(f.to_write for f in fields)
        out.append(
            FormEntry(
                entry.entry_id,
                ready,
                fields,
                draft=entry.has_draft_reflection,
                on_swe=entry.recorded_on_swe,
            )
        )
    return out


def render_swe(report: ReadinessReport, worker: WorkerReadiness, form: CpdForm) -> str:
    """Return the CPD entries as text blocks, one labelled field after another, each label
    marked as SWE's question or cpdsync's suggestion."""
    entries = form_entries(worker, form)
    year = report.registration_year
    lines = [
        f"CPD of {_clean(worker.worker.name)} for registration year {year.label} "
        f"({uk_day(year.start)} to {uk_day(year.end)})",
        "Record each piece in your Social Work England online account, then submit it by "
        f"23:59 on {uk_day(report.deadline)}.",
        f"Fields marked {SWE_MARK} are worded as on Social Work England's form. Fields marked "
        f"{SUGGESTION_MARK} are what cpdsync suggests you write; match them to the questions "
        "the form asks, and put them in your own words.",
    ]
    if not entries:
        lines += ["", "No CPD is recorded for this year yet."]
    for number, entry in enumerate(entries, start=1):
        lines += [
            "",
            f"=== Record {number} of {len(entries)} (entry {entry.entry_id}): {entry.state} ===",
        ]
        for f in entry.fields:
            lines.append(f"{f.label} {SWE_MARK if f.confirmed else SUGGESTION_MARK}")
            value = f.value or "(leave blank)"
            lines += ["  " + line for line in value.splitlines()]
    return "\n".join(lines) + "\n"


def render_export_csv(report: ReadinessReport, worker: WorkerReadiness, form: CpdForm) -> str:
    """Return one CSV row per CPD entry with its state and a column per field
    (spreadsheet-safe)."""
    entries = form_entries(worker, form)
    names = [f.field for f in form.fields]
    rows: list[list[Cell]] = [[e.entry_id, e.state, *(f.value for f in e.fields)] for e in entries]
    return write_rows(["entry_id", "state", *names], rows)


def render_export_json(report: ReadinessReport, worker: WorkerReadiness, form: CpdForm) -> str:
    """Return the worker, the year, the fields (which are SWE's wording) and each entry's
    values as JSON."""
    document = {
        "worker": worker.worker.model_dump(mode="json"),
        "registration_year": report.registration_year.model_dump(mode="json"),
        "deadline": report.deadline.isoformat(),
        "form": [
            {"field": f.field, "label": f.label, "swe_wording": f.confirmed, "source": f.source}
            for f in form.fields
        ],
        "entries": [
            {
                "entry_id": e.entry_id,
                "ready_to_submit": e.ready_to_submit,
                "state": e.state,
                "draft": e.draft,
                "fields": {f.field: f.value for f in e.fields},
                "to_write": [f.field for f in e.fields if f.to_write],
            }
            for e in form_entries(worker, form)
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
