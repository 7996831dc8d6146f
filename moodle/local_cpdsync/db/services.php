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
        'capabilities' => 'local/cpdsync:viewcompletions',
    ],
    'local_cpdsync_get_completion_counts' => [
        'classname' => 'local_cpdsync\external\get_completion_counts',
        'methodname' => 'execute',
        'description' => 'The number of course completions with a completion time, per course.',
        'type' => 'read',
        'capabilities' => 'local/cpdsync:viewcompletions',
    ],
];

// The service an administrator authorises the integration user for. It is enabled on install
// (Moodle applies 'enabled' only when it creates the service; later upgrades keep the admin's
// choice) and restricted to authorised users, so holding a login is not enough to use it.
// It lists every function cpdsync calls, core and plugin; tests/plugin/test_services.py in the
// cpdsync repository fails when the Python side calls a function missing here.
$services = [
    'CPD Sync' => [
        'shortname' => 'cpdsync',
        'functions' => [
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
            'local_cpdsync_get_completion_counts',
            'local_cpdsync_get_course_completions',
            'tool_mobile_call_external_functions',
        ],
        'restrictedusers' => 1,
        'enabled' => 1,
        'downloadfiles' => 0,
        'uploadfiles' => 0,
    ],
];
