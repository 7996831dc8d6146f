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

use core_external\external_multiple_structure;
use core_external\external_single_structure;
use core_external\external_value;

/**
 * Pages of user records with all their custom profile fields, read with two queries per page.
 *
 * Shared by local_cpdsync_get_users and local_cpdsync_get_users_with_field, which return the
 * same record shape. Deleted users and the guest are never returned; the site admin is an
 * ordinary user.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class user_records {
    /**
     * One page of users in id order after afterid, restricted by extra SQL on {user} u.
     *
     * @param string $join extra JOIN clauses (may use u)
     * @param string $where extra conditions starting with AND (may use u and the joins)
     * @param array $params named parameters of the join and where
     * @param int $afterid id of the last user already read
     * @param int $limit most users to return
     * @return array users, nextafterid, hasmore
     */
    public static function page(string $join, string $where, array $params, int $afterid, int $limit): array {
        global $CFG, $DB;

        $params += ['guestid' => (int) $CFG->siteguest, 'afterid' => $afterid];
        $sql = "SELECT u.id, u.username, u.firstname, u.lastname, u.email, u.idnumber, u.auth, u.suspended
                  FROM {user} u
                       $join
                 WHERE u.deleted = 0 AND u.id <> :guestid AND u.id > :afterid
                       $where
              ORDER BY u.id ASC";
        // One row more than asked for says whether another page follows, without a count query.
        $records = array_values($DB->get_records_sql($sql, $params, 0, $limit + 1));
        $hasmore = count($records) > $limit;
        if ($hasmore) {
            array_pop($records);
        }
        if (!$records) {
            return ['users' => [], 'nextafterid' => $afterid, 'hasmore' => false];
        }

        $first = (int) $records[0]->id;
        $last = (int) end($records)->id;
        // The page's users are exactly those of the same query between its first and last id,
        // so their profile data comes in one query whatever the page size (no long IN list).
        $fieldsql = "SELECT d.id, d.userid, f.shortname, d.data
                       FROM {user_info_data} d
                       JOIN {user_info_field} f ON f.id = d.fieldid
                       JOIN {user} u ON u.id = d.userid
                            $join
                      WHERE u.deleted = 0 AND u.id <> :guestid AND u.id > :afterid
                            AND u.id >= :firstid AND u.id <= :lastid
                            $where
                   ORDER BY d.userid, f.shortname";
        $customfields = [];
        $rs = $DB->get_recordset_sql($fieldsql, $params + ['firstid' => $first, 'lastid' => $last]);
        foreach ($rs as $row) {
            $customfields[(int) $row->userid][] = ['shortname' => $row->shortname, 'value' => (string) $row->data];
        }
        $rs->close();

        $users = [];
        foreach ($records as $record) {
            $users[] = [
                'id' => (int) $record->id,
                'username' => $record->username,
                'firstname' => $record->firstname,
                'lastname' => $record->lastname,
                'email' => $record->email,
                'idnumber' => $record->idnumber,
                'auth' => $record->auth,
                'suspended' => (bool) $record->suspended,
                'customfields' => $customfields[(int) $record->id] ?? [],
            ];
        }
        return ['users' => $users, 'nextafterid' => $last, 'hasmore' => $hasmore];
    }

    /**
     * The reply: a page of users and the cursor.
     *
     * @return external_single_structure
     */
    public static function returns(): external_single_structure {
        return new external_single_structure([
            'users' => new external_multiple_structure(
                new external_single_structure([
                    'id' => new external_value(PARAM_INT, 'User id'),
                    'username' => new external_value(PARAM_RAW, 'Username'),
                    'firstname' => new external_value(PARAM_RAW, 'First name'),
                    'lastname' => new external_value(PARAM_RAW, 'Last name'),
                    'email' => new external_value(PARAM_RAW, 'Email address'),
                    'idnumber' => new external_value(PARAM_RAW, 'ID number (staff number), may be empty'),
                    'auth' => new external_value(PARAM_PLUGIN, 'Authentication method'),
                    'suspended' => new external_value(PARAM_BOOL, 'Whether the account is suspended'),
                    'customfields' => new external_multiple_structure(
                        new external_single_structure([
                            'shortname' => new external_value(PARAM_RAW, 'Custom profile field shortname'),
                            'value' => new external_value(PARAM_RAW, 'The value as stored'),
                        ]),
                        'Every custom profile field the user has a value for, in shortname order'
                    ),
                ]),
                'Users in id order'
            ),
            'nextafterid' => new external_value(PARAM_INT, 'Cursor to pass as afterid in the next call'),
            'hasmore' => new external_value(PARAM_BOOL, 'Whether more users follow the returned ones'),
        ]);
    }
}
