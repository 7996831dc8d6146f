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

use moodle_url;
use renderable;
use renderer_base;
use stdClass;
use templatable;

/**
 * A finished reflection laid out field by field as SWE's online CPD form asks for it, each
 * with a copy button, so the worker can record it on their SWE account.
 *
 * Only the fields SWE's form is known to have are presented as SWE's; the title is cpdsync's
 * suggestion (SWE's current form was not confirmed to ask for one).
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class swe_copy_page implements renderable, templatable {
    /**
     * Make one.
     *
     * @param array $piece from local\pieces::find
     * @param stdClass $reflection the worker's submitted reflection
     * @param moodle_url $backurl where "back" goes
     */
    public function __construct(
        /** @var array piece */
        protected array $piece,
        /** @var stdClass reflection */
        protected stdClass $reflection,
        /** @var moodle_url back */
        protected moodle_url $backurl
    ) {
    }

    /**
     * Data for local_cpdsync/swe_copy_page.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $fields = [
            ['key' => 'title', 'label' => get_string('swe_title', 'local_cpdsync'), 'value' => $this->piece['title'],
                'suggestion' => true],
            ['key' => 'date', 'label' => get_string('swe_date', 'local_cpdsync'), 'value' => display::date($this->piece['date'])],
            ['key' => 'type', 'label' => get_string('swe_type', 'local_cpdsync'),
                'value' => display::cpd_type($this->piece['cpd_type'])],
            ['key' => 'description', 'label' => get_string('swe_description', 'local_cpdsync'),
                'value' => $this->piece['description']],
            ['key' => 'learnt', 'label' => get_string('swe_learnt', 'local_cpdsync'),
                'value' => (string) $this->reflection->learnt],
            ['key' => 'impact', 'label' => get_string('swe_impact', 'local_cpdsync'),
                'value' => (string) $this->reflection->impact],
        ];
        $peer = trim((string) $this->reflection->peerreflection);
        if ($peer !== '') {
            $role = trim((string) $this->reflection->peerrole);
            $fields[] = ['key' => 'peer', 'label' => get_string('swe_peer', 'local_cpdsync'),
                'value' => $role === '' ? $peer : get_string('swe_peerwithrole', 'local_cpdsync',
                    (object) ['role' => $role, 'text' => $peer])];
        }
        foreach ($fields as &$field) {
            $field['id'] = 'local-cpdsync-swe-' . $field['key'];
            $field['empty'] = trim($field['value']) === '';
            $field['suggestion'] = $field['suggestion'] ?? false;
        }
        return [
            'fields' => $fields,
            'backurl' => $this->backurl->out(false),
            'recorded' => !empty($this->reflection->recordedonswe),
        ];
    }
}
