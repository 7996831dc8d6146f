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

use stdClass;

/**
 * Reads and writes of the plugin's tables for the pages: snapshots, reflections, CPD added in
 * Moodle and renewal declarations. Callers check who may do what (see access) first.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class store {
    /** Longest reflection text a worker may save, in characters. */
    public const MAX_TEXT = 5000;

    /** Longest short text (a title, the peer's role), in characters. */
    public const MAX_SHORT = 255;

    /** CPD types a worker may choose, as cpdsync names them. */
    public const CPD_TYPES = [
        'training_course', 'e_learning', 'peer_discussion', 'supervision', 'reading',
        'conference', 'research', 'shadowing', 'other',
    ];

    /**
     * The worker's snapshot for a year, or for their latest year.
     *
     * @param int $userid
     * @param string|null $year a year label, or null for the latest year held
     * @return stdClass|null the local_cpdsync_snapshot row
     */
    public static function get_snapshot(int $userid, ?string $year = null): ?stdClass {
        global $DB;

        if ($year !== null) {
            return $DB->get_record('local_cpdsync_snapshot', ['userid' => $userid, 'year' => $year]) ?: null;
        }
        // Year labels sort as the years do (2025-26 before 2026-27).
        $records = $DB->get_records('local_cpdsync_snapshot', ['userid' => $userid], 'year DESC', '*', 0, 1);
        return $records ? reset($records) : null;
    }

    /**
     * The years the worker has a snapshot for, latest first.
     *
     * @param int $userid
     * @return string[]
     */
    public static function get_years(int $userid): array {
        global $DB;

        return $DB->get_fieldset_sql('SELECT year FROM {local_cpdsync_snapshot} WHERE userid = ? ORDER BY year DESC',
            [$userid]);
    }

    /**
     * Whether cpdsync has pushed any snapshot for the user: only those users see the pages.
     *
     * @param int $userid
     * @return bool
     */
    public static function has_snapshot(int $userid): bool {
        global $DB;

        return $DB->record_exists('local_cpdsync_snapshot', ['userid' => $userid]);
    }

    /**
     * The worker's reflection on one piece, if they saved one.
     *
     * @param int $userid
     * @param int $entryid cpdsync entry id, 0 for an activity added here
     * @param int $activityid activity id, or 0
     * @return stdClass|null
     */
    public static function get_reflection(int $userid, int $entryid, int $activityid): ?stdClass {
        global $DB;

        return $DB->get_record('local_cpdsync_reflection',
            ['userid' => $userid, 'entryid' => $entryid, 'activityid' => $activityid]) ?: null;
    }

    /**
     * Every reflection the worker saved for a year, keyed "entryid:activityid".
     *
     * @param int $userid
     * @param string $year
     * @return stdClass[]
     */
    public static function get_reflections(int $userid, string $year): array {
        global $DB;

        $out = [];
        foreach ($DB->get_records('local_cpdsync_reflection', ['userid' => $userid, 'year' => $year]) as $r) {
            $out[$r->entryid . ':' . $r->activityid] = $r;
        }
        return $out;
    }

    /**
     * Save the worker's reflection on a piece (insert or update), as a draft or submitted.
     *
     * @param int $userid
     * @param array $piece the piece, from pieces::find
     * @param stdClass $data learnt, impact, peerreflection, peerrole, recordedonswe, peerrecordedonswe, status
     * @return stdClass the saved row
     */
    public static function save_reflection(int $userid, array $piece, stdClass $data): stdClass {
        global $DB;

        $now = time();
        $row = self::get_reflection($userid, $piece['entryid'], $piece['activityid']) ?? (object) [
            'userid' => $userid,
            'entryid' => $piece['entryid'],
            'activityid' => $piece['activityid'],
            'timecreated' => $now,
        ];
        $row->year = $piece['year'];
        $row->status = $data->status === 'submitted' ? 'submitted' : 'draft';
        $row->learnt = $data->learnt;
        $row->impact = $data->impact;
        $row->peerreflection = $data->peerreflection;
        $row->peerrole = $data->peerrole;
        $row->recordedonswe = empty($data->recordedonswe) ? 0 : 1;
        $row->peerrecordedonswe = (!empty($data->recordedonswe) && !empty($data->peerrecordedonswe)) ? 1 : 0;
        $row->timemodified = $now;
        if (empty($row->id)) {
            $row->id = $DB->insert_record('local_cpdsync_reflection', $row);
        } else {
            $DB->update_record('local_cpdsync_reflection', $row);
        }
        return $row;
    }

    /**
     * One of the worker's own activities that has not been removed.
     *
     * @param int $userid
     * @param int $activityid
     * @return stdClass|null null when it is not theirs, does not exist or was removed
     */
    public static function get_activity(int $userid, int $activityid): ?stdClass {
        global $DB;

        return $DB->get_record('local_cpdsync_activity',
            ['id' => $activityid, 'userid' => $userid, 'deleted' => 0]) ?: null;
    }

    /**
     * The worker's activities for a year that have not been removed, oldest date first.
     *
     * @param int $userid
     * @param string $year
     * @return stdClass[]
     */
    public static function get_activities(int $userid, string $year): array {
        global $DB;

        return $DB->get_records('local_cpdsync_activity', ['userid' => $userid, 'year' => $year, 'deleted' => 0],
            'activitydate ASC, id ASC');
    }

    /**
     * Add CPD the worker did outside Moodle, or change one they added.
     *
     * @param int $userid
     * @param string $year
     * @param stdClass $data title, activitydate (YYYY-MM-DD), cpdtype, hours (float or null), description
     * @param int $activityid 0 to add, else the worker's own activity to change
     * @return int the activity id
     */
    public static function save_activity(int $userid, string $year, stdClass $data, int $activityid = 0): int {
        global $DB;

        $now = time();
        $row = (object) [
            'userid' => $userid,
            'year' => $year,
            'title' => $data->title,
            'activitydate' => $data->activitydate,
            'cpdtype' => $data->cpdtype,
            'hours' => $data->hours,
            'description' => $data->description,
            'deleted' => 0,
            'timemodified' => $now,
        ];
        if ($activityid) {
            $existing = self::get_activity($userid, $activityid);
            if (!$existing) {
                throw new \moodle_exception('errorunknownpiece', 'local_cpdsync');
            }
            $row->id = $existing->id;
            $DB->update_record('local_cpdsync_activity', $row);
            return (int) $existing->id;
        }
        $row->timecreated = $now;
        return (int) $DB->insert_record('local_cpdsync_activity', $row);
    }

    /**
     * Remove an activity the worker added; the row stays, marked, so the removal reaches cpdsync.
     *
     * @param int $userid
     * @param int $activityid
     */
    public static function delete_activity(int $userid, int $activityid): void {
        global $DB;

        if (!self::get_activity($userid, $activityid)) {
            throw new \moodle_exception('errorunknownpiece', 'local_cpdsync');
        }
        $DB->update_record('local_cpdsync_activity', (object) [
            'id' => $activityid,
            'deleted' => 1,
            'timemodified' => time(),
        ]);
    }

    /**
     * The worker's renewal declaration for a year, if they made one.
     *
     * @param int $userid
     * @param string $year
     * @return stdClass|null
     */
    public static function get_renewal(int $userid, string $year): ?stdClass {
        global $DB;

        return $DB->get_record('local_cpdsync_renewal', ['userid' => $userid, 'year' => $year]) ?: null;
    }

    /**
     * Declare the renewal submitted, or withdraw that declaration.
     *
     * @param int $userid
     * @param string $year
     * @param bool $submitted
     * @return stdClass the saved row
     */
    public static function declare_renewal(int $userid, string $year, bool $submitted): stdClass {
        global $DB;

        $now = time();
        $row = self::get_renewal($userid, $year);
        if ($row) {
            $row->submitted = $submitted ? 1 : 0;
            $row->timemodified = $now;
            $DB->update_record('local_cpdsync_renewal', $row);
            return $row;
        }
        $row = (object) [
            'userid' => $userid,
            'year' => $year,
            'submitted' => $submitted ? 1 : 0,
            'timecreated' => $now,
            'timemodified' => $now,
        ];
        $row->id = $DB->insert_record('local_cpdsync_renewal', $row);
        return $row;
    }

    /**
     * Delete everything the plugin holds about one user.
     *
     * @param int $userid
     */
    public static function delete_user_data(int $userid): void {
        global $DB;

        foreach (['local_cpdsync_snapshot', 'local_cpdsync_reflection', 'local_cpdsync_activity',
                'local_cpdsync_renewal'] as $table) {
            $DB->delete_records($table, ['userid' => $userid]);
        }
    }
}
