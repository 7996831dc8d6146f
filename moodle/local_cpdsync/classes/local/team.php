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
 * The team page's rows: the workers the current user may see, most urgent first.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class team {
    /**
     * The years any of these workers has a snapshot for, latest first.
     *
     * @param int[]|null $userids the workers, or null for everyone
     * @return string[]
     */
    public static function years(?array $userids): array {
        global $DB;

        if ($userids === []) {
            return [];
        }
        [$where, $params] = self::users_sql($userids);
        return $DB->get_fieldset_sql("SELECT DISTINCT s.year FROM {local_cpdsync_snapshot} s WHERE 1 = 1 $where
                                       ORDER BY s.year DESC", $params);
    }

    /**
     * The teams named in the year's snapshots of these workers, in name order.
     *
     * @param int[]|null $userids
     * @param string $year
     * @return string[]
     */
    public static function teams(?array $userids, string $year): array {
        global $DB;

        if ($userids === []) {
            return [];
        }
        [$where, $params] = self::users_sql($userids);
        return $DB->get_fieldset_sql("SELECT DISTINCT s.team FROM {local_cpdsync_snapshot} s
                                       WHERE s.year = :year AND s.team <> '' $where
                                    ORDER BY s.team", $params + ['year' => $year]);
    }

    /**
     * One row per worker with a snapshot for the year: by status (most urgent first), then days
     * left, then name.
     *
     * @param int[]|null $userids the workers, or null for everyone
     * @param string $year
     * @param string $teamname only this team, or '' for all
     * @return array[] userid, firstname, lastname (and the other name fields), email, idnumber,
     *     team, role, status, daysleft, computedat, cpd (counts), statutory (gap codes)
     */
    public static function rows(?array $userids, string $year, string $teamname = ''): array {
        global $DB;

        if ($userids === []) {
            return [];
        }
        [$where, $params] = self::users_sql($userids);
        $params['year'] = $year;
        if ($teamname !== '') {
            $where .= ' AND s.team = :team';
            $params['team'] = $teamname;
        }
        $userfields = \core_user\fields::for_name()->get_sql('u', false, '', '', false)->selects;
        $sql = "SELECT s.id, s.userid, s.status, s.daysleft, s.team, s.snapshot, s.computedat,
                       u.email, u.idnumber, $userfields
                  FROM {local_cpdsync_snapshot} s
                  JOIN {user} u ON u.id = s.userid AND u.deleted = 0
                 WHERE s.year = :year $where
              ORDER BY s.urgency ASC, s.daysleft ASC, u.lastname ASC, u.firstname ASC, u.id ASC";
        $rows = [];
        $rs = $DB->get_recordset_sql($sql, $params);
        foreach ($rs as $record) {
            // Checked field by field when pushed; read leniently here, for speed over a whole team.
            $data = json_decode($record->snapshot, true) ?: [];
            $statutory = [];
            foreach ($data['gaps'] ?? [] as $gap) {
                if (($gap['severity'] ?? '') === 'statutory' && isset($gap['code'])) {
                    $statutory[] = (string) $gap['code'];
                }
            }
            $row = clone $record;
            unset($row->snapshot);
            $row->role = (string) ($data['worker']['role'] ?? '');
            $row->cpd = array_map('intval', (array) ($data['cpd'] ?? []));
            $row->statutory = $statutory;
            $rows[] = $row;
        }
        $rs->close();
        return $rows;
    }

    /**
     * SQL limiting snapshots (alias s) to some users.
     *
     * @param int[]|null $userids
     * @return array where (starting with AND, or ''), params
     */
    private static function users_sql(?array $userids): array {
        global $DB;

        if ($userids === null) {
            return ['', []];
        }
        [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED, 'tu');
        return ["AND s.userid $insql", $params];
    }
}
