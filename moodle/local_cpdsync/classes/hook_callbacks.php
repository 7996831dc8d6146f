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

namespace local_cpdsync;

use core_user\hook\extend_user_menu;
use local_cpdsync\local\access;
use local_cpdsync\local\store;
use moodle_url;

/**
 * Hook callbacks of local_cpdsync.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class hook_callbacks {
    /**
     * Put "My registration readiness" in the user menu of a worker cpdsync has sent a snapshot
     * for, and "My team's registration readiness" in the menu of anyone with a team to see.
     *
     * @param extend_user_menu $hook
     */
    public static function extend_user_menu(extend_user_menu $hook): void {
        global $USER;

        if (!isloggedin() || isguestuser() || during_initial_install()) {
            return;
        }
        if (store::has_snapshot((int) $USER->id) && access::can_view((int) $USER->id)) {
            $hook->add_navitem((object) [
                'itemtype' => 'link',
                'url' => new moodle_url('/local/cpdsync/index.php'),
                'title' => get_string('myreadiness', 'local_cpdsync'),
                'titleidentifier' => 'myreadiness,local_cpdsync',
            ]);
        }
        if (access::has_team()) {
            $hook->add_navitem((object) [
                'itemtype' => 'link',
                'url' => new moodle_url('/local/cpdsync/team.php'),
                'title' => get_string('teamreadiness', 'local_cpdsync'),
                'titleidentifier' => 'teamreadiness,local_cpdsync',
            ]);
        }
    }
}
