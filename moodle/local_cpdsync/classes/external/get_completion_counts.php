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

namespace local_cpdsync\external;

use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_multiple_structure;
use core_external\external_single_structure;
use core_external\external_value;
use local_cpdsync\local\access;

/**
 * The number of completed course completions per course.
 *
 * A sync compares these counts with what it holds: a course whose count dropped lost
 * completions (deleted by a course reset or a recompletion tool), and only that course needs
 * to be read again.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_completion_counts extends external_api {
    /**
     * Describes the parameters (none).
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([]);
    }

    /**
     * Returns, for each course with at least one completion, how many completions it holds.
     *
     * @return array courses in course id order
     */
    public static function execute(): array {
        global $DB;

        self::validate_parameters(self::execute_parameters(), []);

        $context = \context_system::instance();
        self::validate_context($context);
        access::require_sync_read($context);

        $sql = "SELECT course, COUNT(1) AS completions
                  FROM {course_completions}
                 WHERE timecompleted IS NOT NULL
              GROUP BY course
              ORDER BY course ASC";
        $courses = [];
        foreach ($DB->get_records_sql($sql) as $record) {
            $courses[] = [
                'course' => (int) $record->course,
                'completions' => (int) $record->completions,
            ];
        }

        return ['courses' => $courses];
    }

    /**
     * Describes the return value.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'courses' => new external_multiple_structure(
                new external_single_structure([
                    'course' => new external_value(PARAM_INT, 'Course id'),
                    'completions' => new external_value(PARAM_INT, 'Course completions with a completion time'),
                ]),
                'Courses with at least one completion, in course id order'
            ),
        ]);
    }
}
