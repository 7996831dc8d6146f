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
use invalid_parameter_exception;

/**
 * Course completions with a completion time, in (timecompleted, id) order after a cursor.
 *
 * Core Moodle has no web-service function that returns the course's own completion time, nor
 * one that lists completions across courses, so a sync would otherwise need one call per user
 * and course. This function pages through course_completions directly: a sync costs one call
 * per page of new completions.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_course_completions extends external_api {
    /** Rows returned when the caller does not say. */
    public const DEFAULT_LIMIT = 1000;

    /** Most rows returned by one call; a larger limit is lowered to this. */
    public const MAX_LIMIT = 5000;

    /**
     * Describes the parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'since' => new external_value(PARAM_INT,
                'Cursor: completion time (Unix seconds) of the last row already read; 0 to start', VALUE_DEFAULT, 0),
            'afterid' => new external_value(PARAM_INT,
                'Cursor: course_completions id of the last row already read at that time; 0 to start', VALUE_DEFAULT, 0),
            'limit' => new external_value(PARAM_INT,
                'Most rows to return (1 or more; lowered to ' . self::MAX_LIMIT . ' when larger)',
                VALUE_DEFAULT, self::DEFAULT_LIMIT),
            'courseid' => new external_value(PARAM_INT,
                'Only completions of this course; 0 for every course', VALUE_DEFAULT, 0),
        ]);
    }

    /**
     * Returns the completions strictly after the cursor (since, afterid), oldest first.
     *
     * A row is after the cursor when its timecompleted is greater than since, or equal to since
     * with a greater id. Rows without a completion time are never returned.
     *
     * @param int $since completion time of the last row already read
     * @param int $afterid id of the last row already read
     * @param int $limit most rows to return
     * @param int $courseid one course, or 0 for all
     * @return array completions, the next cursor and whether more rows follow
     */
    public static function execute(int $since = 0, int $afterid = 0, int $limit = self::DEFAULT_LIMIT,
            int $courseid = 0): array {
        global $DB;

        [
            'since' => $since,
            'afterid' => $afterid,
            'limit' => $limit,
            'courseid' => $courseid,
        ] = self::validate_parameters(self::execute_parameters(), [
            'since' => $since,
            'afterid' => $afterid,
            'limit' => $limit,
            'courseid' => $courseid,
        ]);

        if ($since < 0) {
            throw new invalid_parameter_exception('since must be 0 or more');
        }
        if ($afterid < 0) {
            throw new invalid_parameter_exception('afterid must be 0 or more');
        }
        if ($limit < 1) {
            throw new invalid_parameter_exception('limit must be 1 or more');
        }
        if ($courseid < 0) {
            throw new invalid_parameter_exception('courseid must be 0 or more');
        }
        $limit = min($limit, self::MAX_LIMIT);

        $context = \context_system::instance();
        self::validate_context($context);
        access::require_sync_read($context);

        $params = [
            'since1' => $since,
            'since2' => $since,
            'afterid' => $afterid,
        ];
        $coursesql = '';
        if ($courseid > 0) {
            $coursesql = 'AND course = :courseid';
            $params['courseid'] = $courseid;
        }
        $sql = "SELECT id, userid, course, timeenrolled, timestarted, timecompleted
                  FROM {course_completions}
                 WHERE timecompleted IS NOT NULL
                   AND (timecompleted > :since1 OR (timecompleted = :since2 AND id > :afterid))
                       $coursesql
              ORDER BY timecompleted ASC, id ASC";

        // One row more than asked for says whether another page follows, without a count query.
        $records = $DB->get_records_sql($sql, $params, 0, $limit + 1);
        $hasmore = count($records) > $limit;
        if ($hasmore) {
            array_pop($records);
        }

        $completions = [];
        $nextsince = $since;
        $nextafterid = $afterid;
        foreach ($records as $record) {
            $completions[] = [
                'id' => (int) $record->id,
                'userid' => (int) $record->userid,
                'course' => (int) $record->course,
                'timeenrolled' => (int) $record->timeenrolled,
                'timestarted' => (int) $record->timestarted,
                'timecompleted' => (int) $record->timecompleted,
            ];
            $nextsince = (int) $record->timecompleted;
            $nextafterid = (int) $record->id;
        }

        return [
            'completions' => $completions,
            'nextsince' => $nextsince,
            'nextafterid' => $nextafterid,
            'hasmore' => $hasmore,
        ];
    }

    /**
     * Describes the return value.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'completions' => new external_multiple_structure(
                new external_single_structure([
                    'id' => new external_value(PARAM_INT, 'course_completions id'),
                    'userid' => new external_value(PARAM_INT, 'User id'),
                    'course' => new external_value(PARAM_INT, 'Course id'),
                    'timeenrolled' => new external_value(PARAM_INT, 'Time enrolled (Unix seconds), 0 if unknown'),
                    'timestarted' => new external_value(PARAM_INT, 'Time started (Unix seconds), 0 if unknown'),
                    'timecompleted' => new external_value(PARAM_INT, 'Time the course was completed (Unix seconds)'),
                ]),
                'Completions in (timecompleted, id) order'
            ),
            'nextsince' => new external_value(PARAM_INT, 'Cursor to pass as since in the next call'),
            'nextafterid' => new external_value(PARAM_INT, 'Cursor to pass as afterid in the next call'),
            'hasmore' => new external_value(PARAM_BOOL, 'Whether more completions follow the returned ones'),
        ]);
    }
}
