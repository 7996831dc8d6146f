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
use local_cpdsync\local\invalid_snapshot;
use local_cpdsync\local\snapshot;

/**
 * Store the readiness snapshots cpdsync computed for one registration year.
 *
 * Each snapshot is checked on its own: one that cannot be stored is refused with a reason and
 * the others are applied. Sending a snapshot again with the same hash changes nothing, so a
 * batch can be retried safely after a timeout. A snapshot also puts its worker on cpdsync's
 * roster for the year: only users with a snapshot see the plugin's pages.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class push_readiness extends external_api {
    /** Most snapshots in one call. */
    public const MAX_SNAPSHOTS = 500;

    /**
     * Describes the parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'year' => new external_value(PARAM_RAW, 'Registration year label, e.g. 2025-26'),
            'snapshots' => new external_multiple_structure(
                new external_single_structure([
                    'userid' => new external_value(PARAM_INT, 'The worker\'s Moodle user id'),
                    'hash' => new external_value(PARAM_ALPHANUM,
                        'cpdsync\'s hash of the snapshot (1 to 64 letters and digits); the same hash again changes nothing'),
                    'snapshot' => new external_value(PARAM_RAW, 'The snapshot, JSON text (schema 1)'),
                ]),
                'At most ' . self::MAX_SNAPSHOTS . ' snapshots, one per worker'
            ),
        ]);
    }

    /**
     * Store the snapshots that changed and say what happened to each.
     *
     * @param string $year registration year label
     * @param array $snapshots userid, hash, snapshot
     * @return array results, one per snapshot in the order sent
     */
    public static function execute(string $year, array $snapshots): array {
        global $CFG, $DB;

        ['year' => $year, 'snapshots' => $snapshots] = self::validate_parameters(self::execute_parameters(),
            ['year' => $year, 'snapshots' => $snapshots]);
        if (!snapshot::valid_year($year)) {
            throw new invalid_parameter_exception('year must be a registration year label such as 2025-26');
        }
        if (count($snapshots) > self::MAX_SNAPSHOTS) {
            throw new invalid_parameter_exception('at most ' . self::MAX_SNAPSHOTS . ' snapshots may be sent in one call');
        }

        $context = \context_system::instance();
        self::validate_context($context);
        require_capability(access::SYNC, $context);

        $userids = array_unique(array_map(fn($s) => (int) $s['userid'], $snapshots));
        $users = [];
        $held = [];
        if ($userids) {
            [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED);
            $users = $DB->get_records_select_menu('user', "id $insql AND deleted = 0", $params, '', 'id, id AS same');
            $params['year'] = $year;
            foreach ($DB->get_records_select('local_cpdsync_snapshot', "userid $insql AND year = :year", $params) as $row) {
                $held[(int) $row->userid] = $row;
            }
        }

        $results = [];
        $seen = [];
        $now = time();
        $transaction = $DB->start_delegated_transaction();
        foreach ($snapshots as $item) {
            $userid = (int) $item['userid'];
            $result = ['userid' => $userid, 'outcome' => 'refused', 'reason' => '', 'message' => ''];
            try {
                if (isset($seen[$userid])) {
                    throw new invalid_snapshot('duplicate', 'this user\'s snapshot came earlier in the same call');
                }
                $seen[$userid] = true;
                if (!isset($users[$userid]) || $userid == $CFG->siteguest) {
                    throw new invalid_snapshot('unknownuser', "no user with id $userid on this site (or deleted)");
                }
                if ($item['hash'] === '' || strlen($item['hash']) > 64) {
                    throw new invalid_snapshot('malformed', 'hash: expected 1 to 64 letters and digits');
                }
                $existing = $held[$userid] ?? null;
                if ($existing && $existing->hash === $item['hash']) {
                    $result['outcome'] = 'unchanged';
                } else {
                    $data = snapshot::parse($item['snapshot'], $year);
                    $computedat = snapshot::timestamp($data['computed_at']);
                    if ($existing && $computedat < (int) $existing->computedat) {
                        throw new invalid_snapshot('stale', 'computed_at ' . $data['computed_at'] .
                            ' is older than the snapshot held, computed at ' . gmdate('Y-m-d\TH:i:s\Z', $existing->computedat));
                    }
                    $row = (object) [
                        'userid' => $userid,
                        'year' => $year,
                        'status' => $data['status'],
                        'urgency' => snapshot::STATUSES[$data['status']],
                        'daysleft' => $data['days_to_deadline'],
                        'team' => \core_text::substr($data['worker']['team'], 0, 255),
                        'hash' => $item['hash'],
                        'snapshot' => $item['snapshot'],
                        'computedat' => $computedat,
                        'timemodified' => $now,
                    ];
                    if ($existing) {
                        $row->id = $existing->id;
                        $DB->update_record('local_cpdsync_snapshot', $row);
                        $result['outcome'] = 'updated';
                    } else {
                        $row->timecreated = $now;
                        $row->id = $DB->insert_record('local_cpdsync_snapshot', $row);
                        $result['outcome'] = 'created';
                    }
                    $held[$userid] = $row;
                }
            } catch (invalid_snapshot $e) {
                $result['reason'] = $e->reason;
                $result['message'] = $e->getMessage();
            }
            $results[] = $result;
        }
        $transaction->allow_commit();

        return ['results' => $results];
    }

    /**
     * Describes the return value.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'results' => new external_multiple_structure(
                new external_single_structure([
                    'userid' => new external_value(PARAM_INT, 'The worker'),
                    'outcome' => new external_value(PARAM_ALPHA, 'created, updated, unchanged or refused'),
                    'reason' => new external_value(PARAM_ALPHA,
                        'When refused: unknownuser, duplicate, malformed, schema, toolarge, yearmismatch or stale; else empty'),
                    'message' => new external_value(PARAM_RAW, 'When refused: what is wrong and where; else empty'),
                ]),
                'One result per snapshot, in the order sent'
            ),
        ]);
    }
}
