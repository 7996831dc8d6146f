"""A packaged framework in the CSV layout of Moodle's competency framework import tool.

The layout is that of Moodle 4.5 ``admin/tool/lpimportcsv``: the header is
``framework_importer::list_required_headers()`` (its strings in
``lang/en/tool_lpimportcsv.php``), the first data row is the framework (``Is framework`` = 1,
as ``classes/framework_exporter.php`` writes it) and each competency row follows the exporter's
column order. Cells are quoted the way PHP's ``fputcsv`` (Moodle's ``csv_export_writer``) quotes
them, so our file reads like one Moodle exported itself.
"""

from __future__ import annotations

import html

from cpdsync.errors import UsageError
from cpdsync.mappings.frameworks import Framework, FrameworkItem

MOODLE_HEADER = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
FORMAT_HTML = "1"
# Moodle's default competence scale. The importer finds a site scale with these items (or
# creates one) and rewrites scaleid, so the id here is a placeholder; "Competent" is both the
# default and the proficient value, as in Moodle's own example import file.
SCALE_VALUES = "Not yet competent,Competent"
SCALE_CONFIGURATION = '[{"scaleid":"2"},{"id":2,"scaledefault":1,"proficient":1}]'
# Competency rows as Moodle's exporter writes them when no completion rule is set.
_NO_RULE = ("", "0", "null")
_PHP_ENCLOSE = frozenset(',"\n\r\t \\')


def framework_to_moodle_csv(framework: Framework) -> str:
    """Return ``framework`` as a Moodle competency framework import file (CSV text); raise
    UsageError for a placeholder framework, which has no items to import."""
    if framework.placeholder:
        raise UsageError(
            f"{framework.id} is a declared placeholder: its structure is not confirmed, so "
            f"cpdsync has no items of it to export; see {framework.source}"
        )
    depth = {item.id: _depth(framework, item) for item in framework.items}
    levels = max(depth.values(), default=1)
    taxonomies = list(framework.moodle_taxonomies)
    taxonomies += [taxonomies[-1]] * (levels - len(taxonomies))
    rows: list[list[str]] = [list(MOODLE_HEADER)]
    rows.append(
        [
            "",
            framework.id,
            framework.title,
            _framework_description(framework),
            FORMAT_HTML,
            SCALE_VALUES,
            SCALE_CONFIGURATION,
            "",
            "",
            "",
            "",
            "",
            "1",
            ",".join(taxonomies[:levels]),
        ]
    )
    for item in framework.items:
        rows.append(
            [
                item.parent or "",
                item.id,
                item.title,
                _item_description(item),
                FORMAT_HTML,
                "",  # no scale of its own: the framework's scale applies
                "",
                *_NO_RULE,
                "",
                "",
                "",
                "",
            ]
        )
    return "".join(_php_csv_line(row) for row in rows)


def _depth(framework: Framework, item: FrameworkItem) -> int:
    depth, parent = 1, item.parent
    while parent is not None:
        depth += 1
        found = framework.item(parent)
        parent = found.parent if found else None
    return depth


def _framework_description(framework: Framework) -> str:
    parts = [
        f"{framework.publisher}. {framework.version}.",
        f"Source: {framework.source}",
        f"Licence: {framework.licence}",
        "Summaries are paraphrases, not the published text.",
    ]
    return "".join(f"<p>{html.escape(part)}</p>" for part in parts)


def _item_description(item: FrameworkItem) -> str:
    text = f"<p>{html.escape(item.summary)}</p>"
    if item.wording == "paraphrase":
        text += "<p>(The title is a short label, not the published wording.)</p>"
    elif item.wording == "unconfirmed":
        text += "<p>(Title and numbering not yet confirmed against the published source.)</p>"
    return text


def _php_csv_line(row: list[str]) -> str:
    """One line as PHP fputcsv writes it: enclose only when needed, double inner quotes."""
    cells = []
    for cell in row:
        if _PHP_ENCLOSE & set(cell):
            cells.append('"' + cell.replace('"', '""') + '"')
        else:
            cells.append(cell)
    return ",".join(cells) + "\n"
