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
 * Capabilities for local_cpdsync.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$capabilities = [
    // The integration user cpdsync signs in as: reads users, courses, enrolments and completions
    // of the whole site, pushes readiness and reads what workers wrote. Sites upgrading from
    // 1.0 get it wherever they had granted local/cpdsync:viewcompletions.
    'local/cpdsync:sync' => [
        'riskbitmask' => RISK_PERSONAL | RISK_DATALOSS,
        'captype' => 'write',
        'contextlevel' => CONTEXT_SYSTEM,
        'archetypes' => [
            'manager' => CAP_ALLOW,
        ],
        'clonepermissionsfrom' => 'local/cpdsync:viewcompletions',
    ],

    // See my own registration readiness, write my reflections, add CPD and declare my renewal.
    // Checked in the worker's own user context.
    'local/cpdsync:viewown' => [
        'captype' => 'write',
        'contextlevel' => CONTEXT_USER,
        'archetypes' => [
            'user' => CAP_ALLOW,
        ],
    ],

    // See one worker's readiness, read-only. Held in that worker's user context: a line
    // manager is given a role there (Moodle's "assign roles relative to this user").
    'local/cpdsync:viewothers' => [
        'riskbitmask' => RISK_PERSONAL,
        'captype' => 'read',
        'contextlevel' => CONTEXT_USER,
        'archetypes' => [],
    ],

    // See every worker's readiness and the whole team page (workforce or L&D team).
    'local/cpdsync:viewall' => [
        'riskbitmask' => RISK_PERSONAL,
        'captype' => 'read',
        'contextlevel' => CONTEXT_SYSTEM,
        'archetypes' => [
            'manager' => CAP_ALLOW,
        ],
    ],

    // Deprecated since 2.0: local/cpdsync:sync replaces it. Kept so that a role which was given
    // it for version 1.0 still reads completions; the read functions accept either.
    'local/cpdsync:viewcompletions' => [
        'riskbitmask' => RISK_PERSONAL,
        'captype' => 'read',
        'contextlevel' => CONTEXT_SYSTEM,
        'archetypes' => [
            'manager' => CAP_ALLOW,
        ],
    ],
];
