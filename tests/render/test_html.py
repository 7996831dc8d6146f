from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cpdsync.render.html import render_html, render_team_page, render_worker_page
from tests.readiness.sample import by_name, team_report


class Outline(HTMLParser):
    """Collects what an accessibility check needs: tags, attributes and visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


def test_worker_page_is_self_contained_with_landmarks_and_no_scripts() -> None:
    report = team_report()
    page = render_worker_page(report, report.workers[0])
    found = outline(page)
    assert page.startswith("<!DOCTYPE html>")
    assert found.named("html") == [{"lang": "en-GB"}]
    for landmark in ("header", "main", "footer"):
        assert len(found.named(landmark)) == 1
    assert found.named("script") == []
    assert found.named("link") == []
    assert not any("src" in attrs for _, attrs in found.tags)
    assert "@media print" in page


def test_worker_page_headings_do_not_skip_levels() -> None:
    report = team_report()
    found = outline(render_worker_page(report, report.workers[2]))
    levels = [int(tag[1]) for tag, _ in found.tags if tag in {"h1", "h2", "h3", "h4"}]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_every_table_has_a_caption_and_scoped_header_cells() -> None:
    report = team_report()
    for page in (render_worker_page(report, report.workers[2]), render_team_page(report, "All")):
        found = outline(page)
        assert len(found.named("caption")) == len(found.named("table")) > 0
        assert all(attrs.get("scope") in {"col", "row"} for attrs in found.named("th"))


def test_status_is_written_in_words_not_only_colour() -> None:
    report = team_report()
    visible = outline(render_worker_page(report, report.workers[0])).visible
    assert "Status: At risk - 8 days left" in visible
    assert "CPD this year: 1 of 2 pieces, 0 reflected, 0 of 1 with peer reflection" in visible


def test_worker_page_shows_each_gap_and_what_to_do() -> None:
    report = team_report()
    visible = outline(render_worker_page(report, report.workers[0])).visible
    assert "Needed to renew: too few pieces of CPD SWE_CPD_COUNT" in visible
    assert "Council requirement: framework coverage short" in visible
    assert "Courses that would close this: Child development" in visible
    assert "For information: unmapped completions" in visible
    assert "Reflection" in visible and "Draft" in visible


def test_worker_page_shows_cpd_with_capabilities_requirements_and_coverage() -> None:
    report = team_report()
    visible = outline(render_worker_page(report, report.workers[2])).visible
    # v2: a ready worker still has the renewal steps to finish.
    assert "Renewal step: renewal steps to finish SWE_RENEWAL_STEPS" in visible
    assert "Court skills training course Submitted No KSS-CF-1, SWE-PS-3.1 Yes" in visible
    assert "Coverage of KSS-CF" in visible and "KSS-CF-3 Not covered" in visible
    assert "Safeguarding children (multi-agency) refresher Valid" in visible


def test_every_value_from_moodle_is_html_escaped() -> None:
    report = team_report()
    page = render_team_page(report, "<Team & Co>")
    assert "<b>Risk</b>" not in page
    assert "Ben &lt;b&gt;Risk&lt;/b&gt; &amp; Co" in page
    assert "&lt;Team &amp; Co&gt;" in page
    assert "=HYPERLINK(&quot;http://x&quot;)" in page


def test_team_page_links_each_worker_to_their_section() -> None:
    report = team_report()
    found = outline(render_team_page(report, "Children North"))
    links = [attrs["href"] for attrs in found.named("a") if attrs.get("href", "").startswith("#w-")]
    sections = {attrs["id"] for attrs in found.named("section")}
    # v2: most urgent first.
    assert links == ["#w-2", "#w-4", "#w-1", "#w-5", "#w-3"]
    assert {link[1:] for link in links} <= sections
    assert "5 workers: 2 at risk, 1 ready, 1 submitted, 1 exempt." in found.visible


def test_render_html_picks_the_worker_page_for_one_worker() -> None:
    report = team_report()
    single = report.model_copy(update={"workers": report.workers[2:3]})
    assert "<title>Asha Ready: registration readiness 2025-26</title>" in render_html(single)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="headless Chromium is not installed here")
def test_worker_page_renders_in_headless_chromium_without_console_errors(tmp_path: Path) -> None:
    report = team_report()
    page = tmp_path / "worker.html"
    page.write_text(render_worker_page(report, report.workers[0]), encoding="utf-8")
    shot = tmp_path / "worker.png"
    browser = _chromium()
    assert browser is not None
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1100,1800",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "CONSOLE" not in result.stderr, result.stderr
    assert shot.stat().st_size > 10_000


def test_a_council_template_folder_replaces_only_the_files_it_holds(tmp_path: Path) -> None:
    (tmp_path / "readiness.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    report = team_report()
    page = render_team_page(report, "Children North", templates=tmp_path)
    assert "body { color: #123456; }" in page
    assert "@media print" not in page
    # Every other part still comes from the packaged templates.
    assert "<caption>Readiness of Children North, 8 days left</caption>" in page
    assert "@media print" in render_team_page(report, "Children North")


def test_a_council_template_cannot_print_a_value_unescaped(tmp_path: Path) -> None:
    (tmp_path / "team_page.html.jinja").write_text(
        "{% extends 'page.html.jinja' %}{% block main %}<p>{{ team }}</p>{% endblock %}",
        encoding="utf-8",
    )
    page = render_team_page(team_report(), "<Team & Co>", templates=tmp_path)
    assert "<p>&lt;Team &amp; Co&gt;</p>" in page


def test_each_status_is_said_in_words_beside_its_colour() -> None:
    report = team_report()
    expected = {
        "Ben": ("At risk", "still missing and the deadline is near"),
        "Asha": ("Ready", "The renewal steps below are still yours to finish"),
        "Eve": ("Submitted", "You have declared your renewal submitted"),
        "Cara": ("Exempt", "joined or were restored to the register on or after 1 September"),
    }
    for name, (label, words) in expected.items():
        visible = outline(render_worker_page(report, by_name(report, name))).visible
        assert f"Status: {label} - 8 days left." in visible, name
        assert words in visible, name


def test_a_missed_deadline_leads_the_team_page_and_the_provisional_note_is_shown() -> None:
    report = team_report(as_of=date(2026, 12, 1))
    page = render_team_page(report, "All")
    found = outline(page)
    main = found.visible.split("Skip to the report")[1]
    assert "Provisional rules for 2026-27: Social Work England has said it plans to consult" in main
    assert main.index("Missed deadline 2 workers missed the renewal deadline") < main.index(
        "Summary"
    )
    assert [a.get("role") for a in found.named("div") if a.get("role") == "alert"] == ["alert"]
    ben = outline(render_worker_page(report, by_name(report, "Ben"))).visible
    assert ben.index("Status: Missed") < ben.index("Needed to renew: renewal deadline missed")
    assert ben.index("renewal deadline missed") < ben.index("too few pieces of CPD")


def test_suggested_courses_link_to_moodle_only_with_a_web_address() -> None:
    report = team_report()
    ben = by_name(report, "Ben")
    linked = (
        ben.gaps[0]
        .suggested_courses[0]
        .model_copy(update={"url": "https://learning.council.example/course/view.php?id=11"})
    )
    odd = linked.model_copy(update={"id": 12, "name": "Odd", "url": "javascript:alert(1)"})
    gap = ben.gaps[0].model_copy(update={"suggested_courses": [linked, odd]})
    page = render_worker_page(report, ben.model_copy(update={"gaps": [gap]}))
    hrefs = [a["href"] for a in outline(page).named("a") if a.get("href", "").startswith("http")]
    assert hrefs == ["https://learning.council.example/course/view.php?id=11"]
    assert 'href="javascript' not in page
    assert "<li>Odd</li>" in page
