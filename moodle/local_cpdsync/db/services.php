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

/**
 * Web-service functions of local_cpdsync, and the pre-built service cpdsync uses.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$functions = [
    'local_cpdsync_get_course_completions' => [
        'classname' => 'local_cpdsync\external\get_course_completions',
        'methodname' => 'execute',
        'description' => 'Course completions with a completion time, in (timecompleted, id) order after a cursor.',
        'type' => 'read',
        'capabilities' => 'local/cpdsync:sync',
    ],
    'local_cpdsync_get_completion_counts' => [
        'classname' => 'local_cpdsync\external\get_completion_counts',
        'methodname' => 'execute',
        'description' => 'The number of course completions with a completion time, per course.',
        'type' => 'read',
        'capabilities' => 'local/cpdsync:sync',
    ],
    'local_cpdsync_get_users_with_field' => [
        'classname' => 'local_cpdsync\external\get_users_with_field',
        'methodname' => 'execute',
        'description' => 'Users whose custom profile field is set, with all their custom profile fields, in id order.',
        'type' => 'read',
        'capabilities' => 'local/cpdsync:sync',
    ],
    'local_cpdsync_get_users' => [
        'classname' => 'local_cpdsync\external\get_users',
        'methodname' => 'execute',
        'description' => 'Every user but the guest, with all their custom profile fields, in id order.',
        'type' => 'read',
        'capabilities' => 'local/cpdsync:sync',
    ],
    'local_cpdsync_get_enrolments' => [
        'classname' => 'local_cpdsync\external\get_enrolments',
        'methodname' => 'execute',
        'description' => 'User enrolments with their course, state, dates and whether completion tracks them, in id order.',
        'type' => 'read',
        'capabilities' => 'local/cpdsync:sync',
    ],
    'local_cpdsync_get_courses' => [
        'classname' => 'local_cpdsync\external\get_courses',
        'methodname' => 'execute',
        'description' => 'Every course but the site course, with custom fields, tags and completion criteria, in id order.',
        'type' => 'read',
        'capabilities' => 'local/cpdsync:sync',
    ],
    'local_cpdsync_get_categories' => [
        'classname' => 'local_cpdsync\external\get_categories',
        'methodname' => 'execute',
        'description' => 'Every course category, hidden ones included, in id order.',
        'type' => 'read',
        'capabilities' => 'local/cpdsync:sync',
    ],
    'local_cpdsync_get_worker_input' => [
        'classname' => 'local_cpdsync\external\get_worker_input',
        'methodname' => 'execute',
        'description' => 'What workers saved (reflections, added CPD, renewal declarations) after a cursor.',
        'type' => 'read',
        'capabilities' => 'local/cpdsync:sync',
    ],
    'local_cpdsync_push_readiness' => [
        'classname' => 'local_cpdsync\external\push_readiness',
        'methodname' => 'execute',
        'description' => 'Store a batch of readiness snapshots for one registration year; unchanged ones are left alone.',
        'type' => 'write',
        'capabilities' => 'local/cpdsync:sync',
    ],
];

// The service an administrator authorises the integration user for. Its name and shortname
// carry the plugin's name so they never clash with a service made by hand for the plugin-free
// set-up ("CPD Sync"): Moodle requires service names to be unique and stops the upgrade
// otherwise. It is enabled on install (Moodle applies 'enabled' only when it creates the
// service; later upgrades keep the admin's choice) and restricted to authorised users.
// It lists every function cpdsync calls, core and plugin; tests/plugin/test_services.py in the
// cpdsync repository keeps this list, the Python side and docs/moodle-plugin.md in step.
$services = [
    'cpdsync companion (local_cpdsync)' => [
        'shortname' => 'local_cpdsync',
        'functions' => [
            'core_cohort_get_cohort_members',
            'core_cohort_get_cohorts',
            'core_completion_get_course_completion_status',
            'core_course_get_categories',
            'core_course_get_courses',
            'core_course_get_courses_by_field',
            'core_enrol_get_enrolled_users',
            'core_enrol_get_users_courses',
            'core_message_send_instant_messages',
            'core_reportbuilder_retrieve_report',
            'core_user_get_users_by_field',
            'core_webservice_get_site_info',
            'local_cpdsync_get_categories',
            'local_cpdsync_get_completion_counts',
            'local_cpdsync_get_course_completions',
            'local_cpdsync_get_courses',
            'local_cpdsync_get_enrolments',
            'local_cpdsync_get_users',
            'local_cpdsync_get_users_with_field',
            'local_cpdsync_get_worker_input',
            'local_cpdsync_push_readiness',
            'tool_mobile_call_external_functions',
        ],
        'restrictedusers' => 1,
        'enabled' => 1,
        'downloadfiles' => 0,
        'uploadfiles' => 0,
    ],
];
