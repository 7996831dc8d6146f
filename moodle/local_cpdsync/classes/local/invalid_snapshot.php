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

namespace local_cpdsync\local;

/**
 * A snapshot pushed by cpdsync that cannot be stored, with the reason code the reply carries.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class invalid_snapshot extends \moodle_exception {
    /** @var string reason code: malformed, schema, toolarge, yearmismatch */
    public $reason;

    /**
     * Make one.
     *
     * @param string $reason reason code of the push_readiness reply
     * @param string $message what is wrong and where, e.g. "entries[2].date: expected YYYY-MM-DD"
     */
    public function __construct(string $reason, string $message) {
        $this->reason = $reason;
        parent::__construct('invalidsnapshot', 'local_cpdsync', '', $message, $message);
        // The message the reply carries is the plain text, not the language string around it.
        $this->message = $message;
    }
}
