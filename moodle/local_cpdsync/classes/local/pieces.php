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
 * The pieces of CPD a worker may reflect on: the entries of their own snapshot and the
 * activities they added here.
 *
 * A piece is named by cpdsync's entry id, or, for CPD added in Moodle, by the plugin's activity
 * id (its reflection stays keyed by the activity even after cpdsync gives it an entry id). A
 * piece that is not the worker's own is never found, so a forged id cannot reach another
 * worker's record.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class pieces {
    /**
     * Find one of the worker's own pieces.
     *
     * @param int $userid the worker
     * @param string $year the year whose snapshot holds the entry ('' for the latest); unused for activities
     * @param int $entryid cpdsync entry id, or 0
     * @param int $activityid activity id, or 0
     * @return array|null year, entryid, activityid, title, date, cpd_type, hours, description, entry
     *     (the snapshot's entry, or null for an activity cpdsync has not read yet); null when not theirs
     */
    public static function find(int $userid, string $year, int $entryid, int $activityid): ?array {
        if ($activityid > 0) {
            $activity = store::get_activity($userid, $activityid);
            if (!$activity) {
                return null;
            }
            return self::from_activity($activity, self::entry_for($userid, $activity->year, 0, $activityid));
        }
        if ($entryid <= 0) {
            return null;
        }
        $record = store::get_snapshot($userid, $year === '' ? null : $year);
        if (!$record) {
            return null;
        }
        $entry = self::entry_for($userid, $record->year, $entryid, 0);
        if ($entry === null) {
            return null;
        }
        if ($entry['activityid'] > 0) {
            $activity = store::get_activity($userid, $entry['activityid']);
            return $activity ? self::from_activity($activity, $entry) : null;
        }
        return [
            'year' => $record->year,
            'entryid' => $entryid,
            'activityid' => 0,
            'title' => $entry['title'],
            'date' => $entry['date'],
            'cpd_type' => $entry['cpd_type'],
            'hours' => $entry['hours'],
            'description' => $entry['description'],
            'entry' => $entry,
        ];
    }

    /**
     * The snapshot entry with this entry id or activity id, from the worker's snapshot for a year.
     *
     * @param int $userid
     * @param string $year
     * @param int $entryid
     * @param int $activityid
     * @return array|null
     */
    private static function entry_for(int $userid, string $year, int $entryid, int $activityid): ?array {
        $record = store::get_snapshot($userid, $year);
        $data = $record ? snapshot::from_record($record) : null;
        if (!$data) {
            return null;
        }
        foreach ($data['entries'] as $entry) {
            if (($entryid > 0 && $entry['entryid'] === $entryid) || ($activityid > 0 && $entry['activityid'] === $activityid)) {
                return $entry;
            }
        }
        return null;
    }

    /**
     * A piece made from an activity the worker added.
     *
     * @param \stdClass $activity
     * @param array|null $entry
     * @return array
     */
    private static function from_activity(\stdClass $activity, ?array $entry): array {
        return [
            'year' => $activity->year,
            'entryid' => 0,
            'activityid' => (int) $activity->id,
            'title' => $activity->title,
            'date' => $activity->activitydate,
            'cpd_type' => $activity->cpdtype,
            'hours' => $activity->hours === null ? null : (float) $activity->hours,
            'description' => (string) $activity->description,
            'entry' => $entry,
        ];
    }
}
