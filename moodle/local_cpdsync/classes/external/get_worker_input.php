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
 * What workers saved on the plugin's pages since a cursor: reflections, CPD they added and
 * renewal declarations, in one list.
 *
 * Items come in (timemodified, kind, id) order strictly after the cursor (since, afterkind,
 * afterid); kinds order as activity, reflection, renewal, so an activity comes no later than
 * the first reflection written on it. A row saved again later comes again with its new time.
 * Rows saved in the current second are held back until the next call: a row saved later in
 * that second could otherwise fall behind a cursor that has already passed it.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_worker_input extends external_api {
    /** Items returned when the caller does not say. */
    public const DEFAULT_LIMIT = 500;

    /** Most items returned by one call; a larger limit is lowered to this. */
    public const MAX_LIMIT = 1000;

    /** Kinds, their order within one second, and their tables. */
    public const KINDS = [
        'activity' => [1, 'local_cpdsync_activity'],
        'reflection' => [2, 'local_cpdsync_reflection'],
        'renewal' => [3, 'local_cpdsync_renewal'],
    ];

    /**
     * Describes the parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'since' => new external_value(PARAM_INT,
                'Cursor: timemodified (Unix seconds) of the last item already read; 0 to start', VALUE_DEFAULT, 0),
            'afterkind' => new external_value(PARAM_ALPHA,
                'Cursor: kind of the last item already read (activity, reflection, renewal); empty to start',
                VALUE_DEFAULT, ''),
            'afterid' => new external_value(PARAM_INT,
                'Cursor: id of the last item already read, within its kind; 0 to start', VALUE_DEFAULT, 0),
            'limit' => new external_value(PARAM_INT,
                'Most items to return (1 or more; lowered to ' . self::MAX_LIMIT . ' when larger)',
                VALUE_DEFAULT, self::DEFAULT_LIMIT),
        ]);
    }

    /**
     * Returns the items strictly after the cursor, oldest first.
     *
     * @param int $since timemodified of the last item already read
     * @param string $afterkind kind of the last item already read, or ''
     * @param int $afterid id of the last item already read
     * @param int $limit most items to return
     * @return array items, the next cursor and whether more follow
     */
    public static function execute(int $since = 0, string $afterkind = '', int $afterid = 0,
            int $limit = self::DEFAULT_LIMIT): array {
        global $DB;

        ['since' => $since, 'afterkind' => $afterkind, 'afterid' => $afterid, 'limit' => $limit] =
            self::validate_parameters(self::execute_parameters(),
                ['since' => $since, 'afterkind' => $afterkind, 'afterid' => $afterid, 'limit' => $limit]);
        if ($since < 0) {
            throw new invalid_parameter_exception('since must be 0 or more');
        }
        if ($afterkind !== '' && !isset(self::KINDS[$afterkind])) {
            throw new invalid_parameter_exception('afterkind must be empty, activity, reflection or renewal');
        }
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

        $now = time();
        $branches = [];
        $params = [];
        foreach (self::KINDS as $kind => [$order, $table]) {
            $branches[] = "SELECT $order AS kindorder, id, timemodified
                             FROM {{$table}}
                            WHERE timemodified >= :since$order AND timemodified < :now$order";
            $params["since$order"] = $since;
            $params["now$order"] = $now;
        }
        $union = implode(' UNION ALL ', $branches);
        $sql = "SELECT i.kindorder, i.id, i.timemodified
                  FROM ($union) i
                 WHERE i.timemodified > :since
                       OR (i.timemodified = :sinceeq
                           AND (i.kindorder > :afterkind OR (i.kindorder = :afterkindeq AND i.id > :afterid)))
              ORDER BY i.timemodified ASC, i.kindorder ASC, i.id ASC";
        $kindorder = $afterkind === '' ? 0 : self::KINDS[$afterkind][0];
        $params += ['since' => $since, 'sinceeq' => $since, 'afterkind' => $kindorder, 'afterkindeq' => $kindorder,
            'afterid' => $afterid];

        $keys = [];
        $rs = $DB->get_recordset_sql($sql, $params, 0, $limit + 1);
        foreach ($rs as $row) {
            $keys[] = [(int) $row->kindorder, (int) $row->id];
        }
        $rs->close();
        $hasmore = count($keys) > $limit;
        if ($hasmore) {
            array_pop($keys);
        }

        $rows = [];
        foreach (self::KINDS as $kind => [$order, $table]) {
            $ids = array_map(fn($k) => $k[1], array_filter($keys, fn($k) => $k[0] === $order));
            $rows[$order] = $ids ? $DB->get_records_list($table, 'id', $ids) : [];
        }
        $kinds = array_flip(array_map(fn($k) => $k[0], self::KINDS));

        $items = [];
        $next = ['nextsince' => $since, 'nextafterkind' => $afterkind, 'nextafterid' => $afterid];
        foreach ($keys as [$order, $id]) {
            $row = $rows[$order][$id];
            $items[] = self::item($kinds[$order], $row);
            $next = ['nextsince' => (int) $row->timemodified, 'nextafterkind' => $kinds[$order], 'nextafterid' => $id];
        }
        return ['items' => $items] + $next + ['hasmore' => $hasmore];
    }

    /**
     * One item of the reply.
     *
     * @param string $kind
     * @param \stdClass $row
     * @return array
     */
    private static function item(string $kind, \stdClass $row): array {
        $item = [
            'kind' => $kind,
            'id' => (int) $row->id,
            'userid' => (int) $row->userid,
            'year' => $row->year,
            'timemodified' => (int) $row->timemodified,
        ];
        if ($kind === 'reflection') {
            return $item + [
                'entryid' => (int) $row->entryid,
                'activityid' => (int) $row->activityid,
                'status' => $row->status,
                'learnt' => (string) $row->learnt,
                'impact' => (string) $row->impact,
                'peerreflection' => (string) $row->peerreflection,
                'peerrole' => (string) $row->peerrole,
                'recordedonswe' => (bool) $row->recordedonswe,
                'peerrecordedonswe' => (bool) $row->peerrecordedonswe,
            ];
        }
        if ($kind === 'activity') {
            return $item + [
                'title' => $row->title,
                'activitydate' => $row->activitydate,
                'cpdtype' => $row->cpdtype,
                'hours' => $row->hours === null ? null : (float) $row->hours,
                'description' => (string) $row->description,
                'deleted' => (bool) $row->deleted,
            ];
        }
        return $item + ['submitted' => (bool) $row->submitted];
    }

    /**
     * Describes the return value.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'items' => new external_multiple_structure(
                new external_single_structure([
                    'kind' => new external_value(PARAM_ALPHA, 'activity, reflection or renewal'),
                    'id' => new external_value(PARAM_INT, 'Id within its kind'),
                    'userid' => new external_value(PARAM_INT, 'The worker who saved it'),
                    'year' => new external_value(PARAM_RAW, 'Registration year label, e.g. 2025-26'),
                    'timemodified' => new external_value(PARAM_INT, 'When the worker last saved it (Unix seconds)'),
                    'entryid' => new external_value(PARAM_INT,
                        'reflection: cpdsync CPD entry id, or 0 when on an activity added in Moodle', VALUE_OPTIONAL),
                    'activityid' => new external_value(PARAM_INT,
                        'reflection: the activity it is on, or 0', VALUE_OPTIONAL),
                    'status' => new external_value(PARAM_ALPHA, 'reflection: draft or submitted', VALUE_OPTIONAL),
                    'learnt' => new external_value(PARAM_RAW, 'reflection: what I learnt (plain text)', VALUE_OPTIONAL),
                    'impact' => new external_value(PARAM_RAW, 'reflection: impact on my practice (plain text)',
                        VALUE_OPTIONAL),
                    'peerreflection' => new external_value(PARAM_RAW,
                        'reflection: what I learnt from discussing it with a peer (plain text), may be empty',
                        VALUE_OPTIONAL),
                    'peerrole' => new external_value(PARAM_RAW, 'reflection: the peer\'s role, may be empty',
                        VALUE_OPTIONAL),
                    'recordedonswe' => new external_value(PARAM_BOOL,
                        'reflection: the worker declares the piece recorded on their SWE account', VALUE_OPTIONAL),
                    'peerrecordedonswe' => new external_value(PARAM_BOOL,
                        'reflection: ... and recorded there with a peer reflection', VALUE_OPTIONAL),
                    'title' => new external_value(PARAM_RAW, 'activity: title', VALUE_OPTIONAL),
                    'activitydate' => new external_value(PARAM_RAW, 'activity: date, YYYY-MM-DD', VALUE_OPTIONAL),
                    'cpdtype' => new external_value(PARAM_ALPHANUMEXT, 'activity: cpdsync CPD type', VALUE_OPTIONAL),
                    'hours' => new external_value(PARAM_FLOAT, 'activity: hours, or null when not given',
                        VALUE_OPTIONAL, null, NULL_ALLOWED),
                    'description' => new external_value(PARAM_RAW, 'activity: description (plain text), may be empty',
                        VALUE_OPTIONAL),
                    'deleted' => new external_value(PARAM_BOOL, 'activity: the worker removed it', VALUE_OPTIONAL),
                    'submitted' => new external_value(PARAM_BOOL,
                        'renewal: true declared submitted, false withdrawn', VALUE_OPTIONAL),
                ]),
                'Items in (timemodified, kind, id) order'
            ),
            'nextsince' => new external_value(PARAM_INT, 'Cursor to pass as since in the next call'),
            'nextafterkind' => new external_value(PARAM_ALPHA, 'Cursor to pass as afterkind in the next call'),
            'nextafterid' => new external_value(PARAM_INT, 'Cursor to pass as afterid in the next call'),
            'hasmore' => new external_value(PARAM_BOOL, 'Whether more items follow the returned ones'),
        ]);
    }
}
