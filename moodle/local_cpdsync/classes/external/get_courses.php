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
 * Every course but the site course, with what cpdsync's mapping rules match on, in id order.
 *
 * Part of the bulk catalogue a full sync reads. Core functions withhold a course's idnumber
 * from a user without moodle/course:update and leave hidden courses out of user course lists;
 * this returns every course with its idnumber, custom fields, tags and completion criteria in
 * four queries per page.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_courses extends external_api {
    /** Courses returned when the caller does not say. */
    public const DEFAULT_LIMIT = 1000;

    /** Most courses returned by one call; a larger limit is lowered to this. */
    public const MAX_LIMIT = 2000;

    /** Completion criterion types by name, as COMPLETION_CRITERIA_TYPE_* number them. */
    public const CRITERIA = [
        1 => 'self',
        2 => 'date',
        3 => 'unenrol',
        4 => 'activity',
        5 => 'duration',
        6 => 'grade',
        7 => 'role',
        8 => 'course',
    ];

    /**
     * Describes the parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'afterid' => new external_value(PARAM_INT,
                'Cursor: id of the last course already read; 0 to start', VALUE_DEFAULT, 0),
            'limit' => new external_value(PARAM_INT,
                'Most courses to return (1 or more; lowered to ' . self::MAX_LIMIT . ' when larger)',
                VALUE_DEFAULT, self::DEFAULT_LIMIT),
        ]);
    }

    /**
     * Returns the courses after the cursor, in id order.
     *
     * @param int $afterid id of the last course already read
     * @param int $limit most courses to return
     * @return array courses, the next cursor and whether more follow
     */
    public static function execute(int $afterid = 0, int $limit = self::DEFAULT_LIMIT): array {
        global $DB;

        ['afterid' => $afterid, 'limit' => $limit] = self::validate_parameters(
            self::execute_parameters(), ['afterid' => $afterid, 'limit' => $limit]);
        if ($afterid < 0) {
            throw new invalid_parameter_exception('afterid must be 0 or more');
        }
        if ($limit < 1) {
            throw new invalid_parameter_exception('limit must be 1 or more');
        }
        $limit = min($limit, self::MAX_LIMIT);

        $context = \context_system::instance();
        self::validate_context($context);
        access::require_sync_read($context);

        $sql = "SELECT c.id, c.shortname, c.fullname, c.idnumber, c.category, c.visible, c.enablecompletion,
                       c.startdate, c.enddate, c.summary, c.summaryformat
                  FROM {course} c
                 WHERE c.id > :afterid AND c.id <> :siteid
              ORDER BY c.id ASC";
        $records = array_values($DB->get_records_sql($sql, ['afterid' => $afterid, 'siteid' => SITEID], 0, $limit + 1));
        $hasmore = count($records) > $limit;
        if ($hasmore) {
            array_pop($records);
        }
        if (!$records) {
            return ['courses' => [], 'nextafterid' => $afterid, 'hasmore' => false];
        }
        $ids = array_map(fn($r) => (int) $r->id, $records);
        $range = ['first' => $ids[0], 'last' => end($ids)];

        $tags = [];
        $rs = $DB->get_recordset_sql("SELECT ti.id, ti.itemid, t.rawname
                                        FROM {tag_instance} ti
                                        JOIN {tag} t ON t.id = ti.tagid
                                       WHERE ti.component = 'core' AND ti.itemtype = 'course'
                                             AND ti.itemid >= :first AND ti.itemid <= :last
                                    ORDER BY ti.itemid, ti.ordering", $range);
        foreach ($rs as $row) {
            $tags[(int) $row->itemid][] = $row->rawname;
        }
        $rs->close();

        $criteria = [];
        $rs = $DB->get_recordset_sql("SELECT DISTINCT course, criteriatype
                                        FROM {course_completion_criteria}
                                       WHERE course >= :first AND course <= :last
                                    ORDER BY course, criteriatype", $range);
        foreach ($rs as $row) {
            $criteria[(int) $row->course][] = self::CRITERIA[(int) $row->criteriatype] ?? (string) $row->criteriatype;
        }
        $rs->close();

        $courses = [];
        $customfields = self::custom_fields($ids);
        foreach ($records as $record) {
            $id = (int) $record->id;
            $courses[] = [
                'id' => $id,
                'shortname' => $record->shortname,
                'fullname' => $record->fullname,
                'idnumber' => $record->idnumber,
                'categoryid' => (int) $record->category,
                'visible' => (bool) $record->visible,
                'enablecompletion' => (bool) $record->enablecompletion,
                'startdate' => (int) $record->startdate,
                'enddate' => (int) $record->enddate,
                'summary' => (string) $record->summary,
                'summaryformat' => (int) $record->summaryformat,
                'customfields' => $customfields[$id] ?? [],
                'tags' => $tags[$id] ?? [],
                'criteria' => $criteria[$id] ?? [],
            ];
        }
        return ['courses' => $courses, 'nextafterid' => end($ids), 'hasmore' => $hasmore];
    }

    /**
     * The course custom fields that have a value (or a default), per course, read in bulk.
     *
     * @param int[] $ids course ids
     * @return array course id => list of shortname, value, valueraw
     */
    private static function custom_fields(array $ids): array {
        $out = [];
        $handler = \core_course\customfield\course_handler::create();
        if (!$handler->get_fields()) {
            return $out;
        }
        foreach ($handler->get_instances_data($ids, true) as $courseid => $datas) {
            foreach ($datas as $data) {
                $value = $data->export_value();
                if ($value === null) {
                    continue;
                }
                $out[(int) $courseid][] = [
                    'shortname' => $data->get_field()->get('shortname'),
                    'value' => (string) $value,
                    'valueraw' => (string) $data->get_value(),
                ];
            }
        }
        return $out;
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
                    'id' => new external_value(PARAM_INT, 'Course id'),
                    'shortname' => new external_value(PARAM_RAW, 'Short name'),
                    'fullname' => new external_value(PARAM_RAW, 'Full name, as stored'),
                    'idnumber' => new external_value(PARAM_RAW, 'Course ID number, may be empty'),
                    'categoryid' => new external_value(PARAM_INT, 'Category id'),
                    'visible' => new external_value(PARAM_BOOL, 'Whether the course is shown to students'),
                    'enablecompletion' => new external_value(PARAM_BOOL, 'Whether completion tracking is on'),
                    'startdate' => new external_value(PARAM_INT, 'Start date (Unix seconds)'),
                    'enddate' => new external_value(PARAM_INT, 'End date (Unix seconds), 0 for none'),
                    'summary' => new external_value(PARAM_RAW, 'Summary, as stored (usually HTML)'),
                    'summaryformat' => new external_value(PARAM_INT, 'Summary format (1 HTML, 0 Moodle, 2 plain, 4 Markdown)'),
                    'customfields' => new external_multiple_structure(
                        new external_single_structure([
                            'shortname' => new external_value(PARAM_RAW, 'Course custom field shortname'),
                            'value' => new external_value(PARAM_RAW, 'The value as Moodle shows it (a menu option\'s text)'),
                            'valueraw' => new external_value(PARAM_RAW, 'The value as stored (a menu option\'s index)'),
                        ]),
                        'Course custom fields with a value or a default'
                    ),
                    'tags' => new external_multiple_structure(
                        new external_value(PARAM_RAW, 'Tag name'), 'The course\'s tags'
                    ),
                    'criteria' => new external_multiple_structure(
                        new external_value(PARAM_ALPHANUMEXT, 'self, date, unenrol, activity, duration, grade, role or course'),
                        'Completion criterion types set on the course, each once'
                    ),
                ]),
                'Courses in id order'
            ),
            'nextafterid' => new external_value(PARAM_INT, 'Cursor to pass as afterid in the next call'),
            'hasmore' => new external_value(PARAM_BOOL, 'Whether more courses follow the returned ones'),
        ]);
    }
}
