"""Rules as CSV, for L&D staff who keep their mappings in a spreadsheet.

One row per rule, the same fields as a YAML rule; ``match`` names the course attribute and
``pattern`` the glob; lists are ``;``-separated cells. Cells a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are written with a leading
apostrophe and read back without it, so a round trip loses nothing and opening an exported file
runs nothing.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml

from cpdsync.errors import Problem
from cpdsync.mappings.definitions import Rule
from cpdsync.mappings.parse import Entry

CSV_COLUMNS = (
    "match",
    "pattern",
    "capabilities",
    "cpd_hours",
    "hours_from",
    "cpd_type",
    "satisfies",
    "reflection",
    "peer_reflection",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
_TRUE = ("true", "yes", "1")
_FALSE = ("false", "no", "0")


def neutralise(cell: str) -> str:
    """Return ``cell`` safe to open in a spreadsheet: formula starts get a leading apostrophe.

    A cell that already starts with an apostrophe gets one more, so ``restore`` is exact.
    """
    return _QUOTE + cell if cell.startswith((*_FORMULA_STARTS, _QUOTE)) else cell


def restore(cell: str) -> str:
    """Return the text ``neutralise`` was given."""
    if cell.startswith(_QUOTE) and cell[1:].startswith((*_FORMULA_STARTS, _QUOTE)):
        return cell[1:]
    return cell


def read_rules_csv(path: str, text: str, problems: list[Problem]) -> list[Entry]:
    """Return one Entry per data row of a rules CSV, shaped like a YAML rule; append to
    ``problems`` every fault in the header or the rows."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [restore(cell).strip() for cell in next(reader)]
    except StopIteration:
        problems.append(Problem(path, None, "the CSV file is empty; the first row names columns"))
        return []
    except csv.Error as exc:
        problems.append(Problem(path, 1, f"not valid CSV: {exc}"))
        return []
    for name in header:
        if name not in CSV_COLUMNS:
            problems.append(
                Problem(path, 1, f"unknown column {name!r}; allowed: {', '.join(CSV_COLUMNS)}")
            )
    for name in sorted({n for n in header if header.count(n) > 1}):
        problems.append(Problem(path, 1, f"column {name!r} appears more than once"))
    for name in ("match", "pattern"):
        if name not in header:
            problems.append(Problem(path, 1, f"the header has no {name!r} column"))
    entries: list[Entry] = []
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(path, line, f"not valid CSV: {exc}"))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(
                Problem(path, line, f"the row has {len(row)} cells but the header {len(header)}")
            )
            continue
        cells = {name: restore(cell).strip() for name, cell in zip(header, row, strict=False)}
        entries.append(Entry(_row_to_rule(cells), path, line, problems))
    return entries


def _row_to_rule(cells: dict[str, str]) -> dict[str, Any]:
    # Unknown columns were reported once, at the header; they are not repeated for every row.
    rule: dict[str, Any] = {}
    if cells.get("match") or cells.get("pattern"):
        rule["match"] = {cells.get("match", ""): cells.get("pattern", "")}
    for name in ("capabilities", "satisfies"):
        if cells.get(name):
            rule[name] = [part.strip() for part in cells[name].split(";") if part.strip()]
    if cells.get("cpd_hours"):
        rule["cpd_hours"] = _number(cells["cpd_hours"])
    for name in ("hours_from", "cpd_type", "reflection"):
        if cells.get(name):
            rule[name] = cells[name]
    peer = cells.get("peer_reflection", "")
    if peer:
        lowered = peer.casefold()
        rule["peer_reflection"] = True if lowered in _TRUE else False if lowered in _FALSE else peer
    return rule


def _number(cell: str) -> float | str:
    try:
        return float(cell)
    except ValueError:
        return cell  # left as text so the rule parser reports it with its line


def _hours_text(hours: float) -> str:
    return str(int(hours)) if hours.is_integer() else repr(hours)


def rules_to_csv(rules: tuple[Rule, ...] | list[Rule]) -> str:
    """Return the rules as CSV text with a header row, formula-like cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rule in rules:
        row = [
            rule.match.attribute,
            rule.match.pattern,
            ";".join(rule.capabilities),
            _hours_text(rule.cpd_hours) if rule.cpd_hours is not None else "",
            rule.hours_from or "",
            rule.cpd_type,
            ";".join(rule.satisfies),
            "included" if rule.reflection_included else "not_included",
            "true" if rule.peer_reflection else "false",
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """Return the YAML form of one rule, keys in the documented order."""
    data: dict[str, Any] = {"match": {rule.match.attribute: rule.match.pattern}}
    data["capabilities"] = list(rule.capabilities)
    if rule.cpd_hours is not None:
        data["cpd_hours"] = int(rule.cpd_hours) if rule.cpd_hours.is_integer() else rule.cpd_hours
    if rule.hours_from is not None:
        data["hours_from"] = rule.hours_from
    data["cpd_type"] = rule.cpd_type
    data["satisfies"] = list(rule.satisfies)
    data["reflection"] = "included" if rule.reflection_included else "not_included"
    data["peer_reflection"] = rule.peer_reflection
    return data


def rules_to_yaml(rules: tuple[Rule, ...] | list[Rule], source: str = "") -> str:
    """Return a version 1 mapping file holding ``rules`` (requirements and roles live elsewhere)."""
    head = "# Course-mapping rules" + (f" imported from {source}" if source else "") + ".\n"
    head += "# First match wins, in the order below.\n"
    body = yaml.safe_dump(
        {"version": 1, "rules": [rule_to_dict(rule) for rule in rules]},
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return head + body
