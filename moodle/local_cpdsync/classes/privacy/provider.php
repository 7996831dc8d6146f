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

namespace local_cpdsync\privacy;

use context;
use context_user;
use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\contextlist;
use core_privacy\local\request\transform;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;
use local_cpdsync\local\store;

/**
 * Privacy provider for local_cpdsync.
 *
 * Everything the plugin holds about a worker lives in the worker's own user context: the
 * readiness cpdsync pushed, and the reflections, CPD and renewal declarations the worker saved.
 * cpdsync, an external service, reads users, courses, enrolments, completions and what workers
 * saved through the plugin's web services.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class provider implements
        \core_privacy\local\metadata\provider,
        \core_privacy\local\request\plugin\provider,
        \core_privacy\local\request\core_userlist_provider {

    /** The plugin's tables, each with a userid. */
    private const TABLES = ['local_cpdsync_snapshot', 'local_cpdsync_reflection', 'local_cpdsync_activity',
        'local_cpdsync_renewal'];

    /**
     * Describe the personal data the plugin stores and sends.
     *
     * @param collection $collection
     * @return collection
     */
    public static function get_metadata(collection $collection): collection {
        $collection->add_database_table('local_cpdsync_snapshot', [
            'userid' => 'privacy:metadata:local_cpdsync_snapshot:userid',
            'year' => 'privacy:metadata:local_cpdsync_snapshot:year',
            'status' => 'privacy:metadata:local_cpdsync_snapshot:status',
            'team' => 'privacy:metadata:local_cpdsync_snapshot:team',
            'snapshot' => 'privacy:metadata:local_cpdsync_snapshot:snapshot',
            'computedat' => 'privacy:metadata:local_cpdsync_snapshot:computedat',
        ], 'privacy:metadata:local_cpdsync_snapshot');
        $collection->add_database_table('local_cpdsync_reflection', [
            'userid' => 'privacy:metadata:local_cpdsync_reflection:userid',
            'status' => 'privacy:metadata:local_cpdsync_reflection:status',
            'learnt' => 'privacy:metadata:local_cpdsync_reflection:learnt',
            'impact' => 'privacy:metadata:local_cpdsync_reflection:impact',
            'peerreflection' => 'privacy:metadata:local_cpdsync_reflection:peerreflection',
            'peerrole' => 'privacy:metadata:local_cpdsync_reflection:peerrole',
            'recordedonswe' => 'privacy:metadata:local_cpdsync_reflection:recordedonswe',
            'timemodified' => 'privacy:metadata:local_cpdsync_reflection:timemodified',
        ], 'privacy:metadata:local_cpdsync_reflection');
        $collection->add_database_table('local_cpdsync_activity', [
            'userid' => 'privacy:metadata:local_cpdsync_activity:userid',
            'year' => 'privacy:metadata:local_cpdsync_activity:year',
            'title' => 'privacy:metadata:local_cpdsync_activity:title',
            'activitydate' => 'privacy:metadata:local_cpdsync_activity:activitydate',
            'cpdtype' => 'privacy:metadata:local_cpdsync_activity:cpdtype',
            'hours' => 'privacy:metadata:local_cpdsync_activity:hours',
            'description' => 'privacy:metadata:local_cpdsync_activity:description',
            'timemodified' => 'privacy:metadata:local_cpdsync_activity:timemodified',
        ], 'privacy:metadata:local_cpdsync_activity');
        $collection->add_database_table('local_cpdsync_renewal', [
            'userid' => 'privacy:metadata:local_cpdsync_renewal:userid',
            'year' => 'privacy:metadata:local_cpdsync_renewal:year',
            'submitted' => 'privacy:metadata:local_cpdsync_renewal:submitted',
            'timemodified' => 'privacy:metadata:local_cpdsync_renewal:timemodified',
        ], 'privacy:metadata:local_cpdsync_renewal');
        $collection->add_external_location_link('cpdsync', [
            'profile' => 'privacy:metadata:cpdsync:profile',
            'enrolments' => 'privacy:metadata:cpdsync:enrolments',
            'completions' => 'privacy:metadata:cpdsync:completions',
            'reflections' => 'privacy:metadata:cpdsync:reflections',
            'activities' => 'privacy:metadata:cpdsync:activities',
            'renewals' => 'privacy:metadata:cpdsync:renewals',
        ], 'privacy:metadata:cpdsync');
        return $collection;
    }

    /**
     * The user's own user context, when the plugin holds anything about them.
     *
     * @param int $userid
     * @return contextlist
     */
    public static function get_contexts_for_userid(int $userid): contextlist {
        $contextlist = new contextlist();
        if (self::holds_data($userid)) {
            $contextlist->add_user_context($userid);
        }
        return $contextlist;
    }

    /**
     * The user of a user context, when the plugin holds anything about them.
     *
     * @param userlist $userlist
     */
    public static function get_users_in_context(userlist $userlist) {
        $context = $userlist->get_context();
        if ($context instanceof context_user && self::holds_data((int) $context->instanceid)) {
            $userlist->add_user((int) $context->instanceid);
        }
    }

    /**
     * Export everything the plugin holds about the user.
     *
     * @param approved_contextlist $contextlist
     */
    public static function export_user_data(approved_contextlist $contextlist) {
        global $DB;

        $userid = (int) $contextlist->get_user()->id;
        foreach ($contextlist->get_contexts() as $context) {
            if (!self::is_own_context($context, $userid)) {
                continue;
            }
            $writer = writer::with_context($context);
            $root = get_string('pluginname', 'local_cpdsync');
            foreach ($DB->get_records('local_cpdsync_snapshot', ['userid' => $userid], 'year') as $row) {
                $writer->export_data([$root, get_string('privacy:path:readiness', 'local_cpdsync'), $row->year], (object) [
                    'year' => $row->year,
                    'status' => $row->status,
                    'computedat' => transform::datetime($row->computedat),
                    'readiness' => json_decode($row->snapshot),
                ]);
            }
            $reflections = [];
            foreach ($DB->get_records('local_cpdsync_reflection', ['userid' => $userid], 'id') as $row) {
                $reflections[] = [
                    'year' => $row->year,
                    'entryid' => (int) $row->entryid,
                    'activityid' => (int) $row->activityid,
                    'status' => $row->status,
                    'learnt' => $row->learnt,
                    'impact' => $row->impact,
                    'peerreflection' => $row->peerreflection,
                    'peerrole' => $row->peerrole,
                    'recordedonswe' => transform::yesno($row->recordedonswe),
                    'peerrecordedonswe' => transform::yesno($row->peerrecordedonswe),
                    'timemodified' => transform::datetime($row->timemodified),
                ];
            }
            if ($reflections) {
                $writer->export_data([$root, get_string('privacy:path:reflections', 'local_cpdsync')],
                    (object) ['reflections' => $reflections]);
            }
            $activities = [];
            foreach ($DB->get_records('local_cpdsync_activity', ['userid' => $userid], 'id') as $row) {
                $activities[] = [
                    'id' => (int) $row->id,
                    'year' => $row->year,
                    'title' => $row->title,
                    'date' => $row->activitydate,
                    'type' => $row->cpdtype,
                    'hours' => $row->hours === null ? null : (float) $row->hours,
                    'description' => $row->description,
                    'removed' => transform::yesno($row->deleted),
                    'timemodified' => transform::datetime($row->timemodified),
                ];
            }
            if ($activities) {
                $writer->export_data([$root, get_string('privacy:path:activities', 'local_cpdsync')],
                    (object) ['activities' => $activities]);
            }
            $renewals = [];
            foreach ($DB->get_records('local_cpdsync_renewal', ['userid' => $userid], 'year') as $row) {
                $renewals[] = [
                    'year' => $row->year,
                    'submitted' => transform::yesno($row->submitted),
                    'timemodified' => transform::datetime($row->timemodified),
                ];
            }
            if ($renewals) {
                $writer->export_data([$root, get_string('privacy:path:renewals', 'local_cpdsync')],
                    (object) ['renewals' => $renewals]);
            }
        }
    }

    /**
     * Delete everything held about the user of a user context.
     *
     * @param context $context
     */
    public static function delete_data_for_all_users_in_context(context $context) {
        if ($context instanceof context_user) {
            store::delete_user_data((int) $context->instanceid);
        }
    }

    /**
     * Delete everything held about the user, in their own user context.
     *
     * @param approved_contextlist $contextlist
     */
    public static function delete_data_for_user(approved_contextlist $contextlist) {
        $userid = (int) $contextlist->get_user()->id;
        foreach ($contextlist->get_contexts() as $context) {
            if (self::is_own_context($context, $userid)) {
                store::delete_user_data($userid);
            }
        }
    }

    /**
     * Delete everything held about the listed users of a user context (only its own user can be listed).
     *
     * @param approved_userlist $userlist
     */
    public static function delete_data_for_users(approved_userlist $userlist) {
        $context = $userlist->get_context();
        if (!$context instanceof context_user) {
            return;
        }
        if (in_array((int) $context->instanceid, array_map('intval', $userlist->get_userids()), true)) {
            store::delete_user_data((int) $context->instanceid);
        }
    }

    /**
     * Whether any table holds a row about the user.
     *
     * @param int $userid
     * @return bool
     */
    private static function holds_data(int $userid): bool {
        global $DB;

        foreach (self::TABLES as $table) {
            if ($DB->record_exists($table, ['userid' => $userid])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a context is the user's own user context.
     *
     * @param context $context
     * @param int $userid
     * @return bool
     */
    private static function is_own_context(context $context, int $userid): bool {
        return $context->contextlevel == CONTEXT_USER && (int) $context->instanceid === $userid;
    }
}
