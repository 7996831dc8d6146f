"""A worker's CPD for the year laid out in the fields of SWE's online CPD form.

Social Work England's form is filled in by hand in the worker's online account; this gives each
entry field by field, in the form's order (data/swe-rules.yaml ``cpd_form``), so it can be
copied across. A field the worker still has to write says so and how.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cpdsync.readiness.report_model import EntryView, ReadinessReport, WorkerReadiness
from cpdsync.readiness.swe_rules import CpdForm
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


@dataclass(frozen=True)
class FilledField:
    field: str
    label: str
    value: str
    to_write: bool  # the worker still has to write this part


@dataclass(frozen=True)
class FormEntry:
    entry_id: int
    ready_to_submit: bool
    fields: tuple[FilledField, ...]
    draft: bool = False  # the reflection shown is a draft the worker has not submitted


def _clean(text: str) -> str:
    """Keep line breaks of a written reflection; drop other control characters."""
    return "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)


def _still_to_write(entry: EntryView, part: str) -> str:
    return f"[not written yet: {part} - run `cpdsync cpd reflect {entry.entry_id}`]"


def _draft(entry: EntryView, text: str) -> str:
    """The worker's draft words under a mark saying they do not count until submitted."""
    return (
        f"[draft, not submitted yet - finish it and save it without --draft: "
        f"`cpdsync cpd reflect {entry.entry_id}`]\n{text}"
    )


def _values(entry: EntryView) -> dict[str, tuple[str, bool]]:
    in_course = entry.reflected and not (entry.learnt or entry.impact)
    type_label = CPD_TYPE_LABELS.get(entry.cpd_type, entry.cpd_type.replace("_", " "))
    hours = f", {entry.hours:g} hours" if entry.hours else ""
    where = "Moodle course" if entry.source == "moodle" else "activity"
    related = f" It relates to {', '.join(entry.capabilities)}." if entry.capabilities else ""
    description = f"{type_label}: the {where} '{entry.title}'{hours}.{related}"

    def part(text: str, name: str) -> tuple[str, bool]:
        if text and entry.has_draft_reflection:
            # A draft does not count; still to do unless the course collected a reflection.
            return _draft(entry, text), not entry.reflected
        if text:
            return text, False
        if in_course:
            # Reflected without text here: the course collected it, or the records gave no text.
            return f"[recorded in the Moodle course or cpdsync: copy your {name} from there]", False
        return _still_to_write(entry, name), True

    if entry.peer_reflection:
        peer = entry.peer_reflection + (f" (peer: {entry.peer_role})" if entry.peer_role else "")
        peer_value = (_draft(entry, peer), False) if entry.has_draft_reflection else (peer, False)
    elif entry.peer_reflected:
        peer_value = ("[peer discussion recorded in the Moodle course: copy it from there]", False)
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
        "description_and_relevance": (description, False),
        "what_you_learnt": part(entry.learnt, "what you learnt"),
        "impact_on_practice": part(entry.impact, "the impact on your practice"),
        "peer_reflection": peer_value,
        "linked_standards": (", ".join(standards), False),
    }


def form_entries(worker: WorkerReadiness, form: CpdForm) -> list[FormEntry]:
    """Return the worker's CPD that counts this year, oldest first, in the fields of SWE's
    ``form``."""
    out = []
    for entry in sorted(
        (x for x in worker.detail.entries if x.counts), key=lambda x: (x.activity_date, x.entry_id)
    ):
        values = _values(entry)
        fields = []
        for f in form.fields:
            value, to_write = values.get(f.field, ("", False))
            fields.append(FilledField(f.field, f.label, _clean(value), to_write))
        out.append(
            FormEntry(
                entry.entry_id,
                not any(f.to_write for f in fields),
                tuple(fields),
                draft=entry.has_draft_reflection,
            )
        )
    return out


def render_swe(report: ReadinessReport, worker: WorkerReadiness, form: CpdForm) -> str:
    """Return the CPD entries as text blocks, one labelled field after another."""
    entries = form_entries(worker, form)
    year = report.registration_year
    lines = [
        f"CPD of {_clean(worker.worker.name)} for registration year {year.label} "
        f"({uk_day(year.start)} to {uk_day(year.end)})",
        "Copy each record into your Social Work England online account "
        f"(CPD > Add a CPD record), then submit it by 23:59 on {uk_day(report.deadline)}.",
    ]
    if not entries:
        lines += ["", "No CPD is recorded for this year yet."]
    for number, entry in enumerate(entries, start=1):
        if entry.ready_to_submit:
            state = "ready to copy"
        elif entry.draft:
            state = "draft reflection, not submitted yet"
        else:
            state = "reflection still to write"
        lines += [
            "",
            f"=== Record {number} of {len(entries)} (entry {entry.entry_id}, {state}) ===",
        ]
        for f in entry.fields:
            lines.append(f"{f.label}")
            value = f.value or "(leave blank)"
            lines += ["  " + line for line in value.splitlines()]
    return "\n".join(lines) + "\n"


def render_export_csv(report: ReadinessReport, worker: WorkerReadiness, form: CpdForm) -> str:
    """Return one CSV row per CPD entry with a column per SWE form field (spreadsheet-safe)."""
    entries = form_entries(worker, form)
    names = [f.field for f in form.fields]
    rows: list[list[Cell]] = [[e.entry_id, *(f.value for f in e.fields)] for e in entries]
    return write_rows(["entry_id", *names], rows)


def render_export_json(report: ReadinessReport, worker: WorkerReadiness, form: CpdForm) -> str:
    """Return the worker, the year and each entry's SWE form fields as JSON."""
    document = {
        "worker": worker.worker.model_dump(mode="json"),
        "registration_year": report.registration_year.model_dump(mode="json"),
        "deadline": report.deadline.isoformat(),
        "entries": [
            {
                "entry_id": e.entry_id,
                "ready_to_submit": e.ready_to_submit,
                "draft": e.draft,
                "fields": {f.field: f.value for f in e.fields},
                "to_write": [f.field for f in e.fields if f.to_write],
            }
            for e in form_entries(worker, form)
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
