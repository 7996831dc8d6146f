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

use renderable;
use renderer_base;
use templatable;

/**
 * The reflection form on one piece of CPD, under what the piece is.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class reflect_page implements renderable, templatable {
    /**
     * Make one.
     *
     * @param array $piece from local\pieces::find
     * @param string $formhtml the rendered reflection form
     * @param string|null $copyurl the "copy for SWE" view, when the reflection is submitted
     */
    public function __construct(
        /** @var array piece */
        protected array $piece,
        /** @var string form */
        protected string $formhtml,
        /** @var string|null copy view */
        protected ?string $copyurl
    ) {
    }

    /**
     * Data for local_cpdsync/reflect_page.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $entry = $this->piece['entry'];
        return [
            'title' => $this->piece['title'],
            'date' => display::date($this->piece['date']),
            'type' => display::cpd_type($this->piece['cpd_type']),
            'hours' => display::hours($this->piece['hours']),
            'description' => $this->piece['description'],
            'needs' => $entry['needs'] ?? '',
            'promptspeer' => !empty($entry['prompts_peer']),
            'form' => $this->formhtml,
            'copyurl' => $this->copyurl,
        ];
    }
}
