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
use invalid_parameter_exception;
use local_cpdsync\local\access;

/**
 * User enrolments of the whole site, with what a sync needs to know of each, in id order.
 *
 * Part of the bulk catalogue a full sync reads, in place of one core_enrol_get_enrolled_users
 * call per course. One query per page: the enrolment, its course and method, whether it is
 * active, its dates, and whether course completion tracks the user there.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_enrolments extends external_api {
    /** Enrolments returned when the caller does not say. */
    public const DEFAULT_LIMIT = 5000;

    /** Most enrolments returned by one call; a larger limit is lowered to this. */
    public const MAX_LIMIT = 10000;

    /**
     * Describes the parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'afterid' => new external_value(PARAM_INT,
                'Cursor: user_enrolments id of the last row already read; 0 to start', VALUE_DEFAULT, 0),
            'limit' => new external_value(PARAM_INT,
                'Most enrolments to return (1 or more; lowered to ' . self::MAX_LIMIT . ' when larger)',
                VALUE_DEFAULT, self::DEFAULT_LIMIT),
            'courseid' => new external_value(PARAM_INT,
                'Only enrolments in this course; 0 for every course', VALUE_DEFAULT, 0),
        ]);
    }

    /**
     * Returns the enrolments after the cursor, in user_enrolments id order.
     *
     * @param int $afterid id of the last row already read
     * @param int $limit most rows to return
     * @param int $courseid one course, or 0 for all
     * @return array enrolments, the next cursor and whether more follow
     */
    public static function execute(int $afterid = 0, int $limit = self::DEFAULT_LIMIT, int $courseid = 0): array {
        global $DB;

        ['afterid' => $afterid, 'limit' => $limit, 'courseid' => $courseid] = self::validate_parameters(
            self::execute_parameters(), ['afterid' => $afterid, 'limit' => $limit, 'courseid' => $courseid]);
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

        // Course completion tracks the users enrolled with moodle/course:isincompletionreports
        // (students, by default). Read per row, that is a capability check per enrolment; in
        // one query it is "holds, in the course context, a role whose definition allows it".
        $tracked = '0';
        $params = ['afterid' => $afterid, 'courselevel' => CONTEXT_COURSE];
        $roleids = array_keys(get_roles_with_capability('moodle/course:isincompletionreports', CAP_ALLOW,
            \context_system::instance()));
        if ($roleids) {
            [$rolesql, $roleparams] = $DB->get_in_or_equal($roleids, SQL_PARAMS_NAMED, 'role');
            $tracked = "CASE WHEN EXISTS (
                            SELECT 1
                              FROM {role_assignments} ra
                             WHERE ra.userid = ue.userid AND ra.contextid = ctx.id AND ra.roleid $rolesql
                        ) THEN 1 ELSE 0 END";
            $params += $roleparams;
        }
        $coursesql = '';
        if ($courseid > 0) {
            $coursesql = 'AND e.courseid = :courseid';
            $params['courseid'] = $courseid;
        }
        $sql = "SELECT ue.id, ue.userid, e.courseid, e.enrol, ue.status AS uestatus, e.status AS enrolstatus,
                       ue.timestart, ue.timeend, $tracked AS tracked
                  FROM {user_enrolments} ue
                  JOIN {enrol} e ON e.id = ue.enrolid
                  JOIN {user} u ON u.id = ue.userid AND u.deleted = 0
                  JOIN {context} ctx ON ctx.instanceid = e.courseid AND ctx.contextlevel = :courselevel
                 WHERE ue.id > :afterid
                       $coursesql
              ORDER BY ue.id ASC";
        $records = array_values($DB->get_records_sql($sql, $params, 0, $limit + 1));
        $hasmore = count($records) > $limit;
        if ($hasmore) {
            array_pop($records);
        }

        $enrolments = [];
        foreach ($records as $record) {
            $active = (int) $record->uestatus === ENROL_USER_ACTIVE && (int) $record->enrolstatus === ENROL_INSTANCE_ENABLED;
            $enrolments[] = [
                'id' => (int) $record->id,
                'userid' => (int) $record->userid,
                'courseid' => (int) $record->courseid,
                'enrol' => $record->enrol,
                'status' => $active ? 0 : 1,
                'timestart' => (int) $record->timestart,
                'timeend' => (int) $record->timeend,
                'tracked' => (bool) $record->tracked,
            ];
        }
        return [
            'enrolments' => $enrolments,
            'nextafterid' => $records ? (int) end($records)->id : $afterid,
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
            'enrolments' => new external_multiple_structure(
                new external_single_structure([
                    'id' => new external_value(PARAM_INT, 'user_enrolments id'),
                    'userid' => new external_value(PARAM_INT, 'User id'),
                    'courseid' => new external_value(PARAM_INT, 'Course id'),
                    'enrol' => new external_value(PARAM_PLUGIN, 'Enrolment method, e.g. manual, self, cohort'),
                    'status' => new external_value(PARAM_INT,
                        '0 active; 1 suspended (the enrolment or its method is suspended or disabled)'),
                    'timestart' => new external_value(PARAM_INT, 'Start (Unix seconds), 0 for none'),
                    'timeend' => new external_value(PARAM_INT, 'End (Unix seconds), 0 for none'),
                    'tracked' => new external_value(PARAM_BOOL,
                        'Whether course completion tracks the user in this course (a student role there)'),
                ]),
                'Enrolments in id order'
            ),
            'nextafterid' => new external_value(PARAM_INT, 'Cursor to pass as afterid in the next call'),
            'hasmore' => new external_value(PARAM_BOOL, 'Whether more enrolments follow the returned ones'),
        ]);
    }
}
