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
 * Language strings for local_cpdsync.
 *
 * @package    local_cpdsync
 * @category   string
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

$string['cpdsync:viewcompletions'] = 'View every course completion on the site (for CPD Sync)';
$string['pluginname'] = 'CPD Sync connector';
$string['privacy:metadata'] = 'The CPD Sync connector stores no personal data. Its web-service functions read course completions that Moodle already holds and return them to the authorised CPD Sync integration user.';
