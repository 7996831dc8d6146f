<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

namespace local_cpdsync\output;

use plugin_renderer_base;

/**
 * Renderer for local_cpdsync: each page is a renderable and a Mustache template.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class renderer extends plugin_renderer_base {
    /**
     * A worker's readiness.
     *
     * @param readiness_page $page
     * @return string HTML
     */
    public function render_readiness_page(readiness_page $page): string {
        return $this->render_from_template('local_cpdsync/readiness_page', $page->export_for_template($this));
    }

    /**
     * The team page.
     *
     * @param team_page $page
     * @return string HTML
     */
    public function render_team_page(team_page $page): string {
        return $this->render_from_template('local_cpdsync/team_page', $page->export_for_template($this));
    }

    /**
     * The reflection form with its piece.
     *
     * @param reflect_page $page
     * @return string HTML
     */
    public function render_reflect_page(reflect_page $page): string {
        return $this->render_from_template('local_cpdsync/reflect_page', $page->export_for_template($this));
    }

    /**
     * The "copy for SWE" view.
     *
     * @param swe_copy_page $page
     * @return string HTML
     */
    public function render_swe_copy_page(swe_copy_page $page): string {
        return $this->render_from_template('local_cpdsync/swe_copy_page', $page->export_for_template($this));
    }
}
