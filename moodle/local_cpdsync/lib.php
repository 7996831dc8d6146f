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
 * Callbacks Moodle calls in local_cpdsync.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_cpdsync\local\access;
use local_cpdsync\local\store;

/**
 * Add the readiness page (and, for managers, the team page) to a user's profile.
 *
 * Shown only when cpdsync has pushed a snapshot for the user (they are on its roster) and the
 * viewer may see it.
 *
 * @param \core_user\output\myprofile\tree $tree the profile tree
 * @param stdClass $user the user whose profile is shown
 * @param bool $iscurrentuser whether it is the viewer's own profile
 * @param stdClass|null $course the course the profile is shown in, if any
 * @return bool
 */
function local_cpdsync_myprofile_navigation(\core_user\output\myprofile\tree $tree, $user, $iscurrentuser, $course) {
    if (!isloggedin() || isguestuser() || empty($user->id)) {
        return false;
    }
    $nodes = [];
    if (store::has_snapshot((int) $user->id) && access::can_view((int) $user->id)) {
        $title = $iscurrentuser ? get_string('myreadiness', 'local_cpdsync')
            : get_string('workerreadiness', 'local_cpdsync', fullname($user));
        $url = new moodle_url('/local/cpdsync/index.php', $iscurrentuser ? [] : ['userid' => $user->id]);
        $nodes[] = new \core_user\output\myprofile\node('local_cpdsync', 'readiness', $title, null, $url);
    }
    if ($iscurrentuser && access::has_team()) {
        $nodes[] = new \core_user\output\myprofile\node('local_cpdsync', 'team', get_string('teamreadiness', 'local_cpdsync'),
            null, new moodle_url('/local/cpdsync/team.php'));
    }
    if (!$nodes) {
        return false;
    }
    $tree->add_category(new \core_user\output\myprofile\category('local_cpdsync',
        get_string('profilecategory', 'local_cpdsync'), 'contact'));
    foreach ($nodes as $node) {
        $tree->add_node($node);
    }
    return true;
}
