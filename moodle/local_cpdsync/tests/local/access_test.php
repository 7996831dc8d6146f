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

use context_system;
use context_user;

/**
 * Tests for who may see whose readiness, and the team page's rows.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\local\access
 * @covers     \local_cpdsync\local\team
 * @covers     \local_cpdsync\hook_callbacks
 */
final class access_test extends \advanced_testcase {
    /**
     * A line manager role (viewothers), assignable in user contexts.
     *
     * @return int role id
     */
    private function line_manager_role(): int {
        $roleid = $this->getDataGenerator()->create_role(['shortname' => 'linemanager']);
        set_role_contextlevels($roleid, [CONTEXT_USER]);
        assign_capability('local/cpdsync:viewothers', CAP_ALLOW, $roleid, context_system::instance()->id);
        accesslib_clear_all_caches_for_unit_testing();
        return $roleid;
    }

    /**
     * A worker with a snapshot.
     *
     * @param array $overrides snapshot overrides
     * @param array $user user fields
     * @return \stdClass
     */
    private function worker(array $overrides = [], array $user = []): \stdClass {
        $worker = $this->getDataGenerator()->create_user($user);
        $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_snapshot($worker->id, $overrides);
        return $worker;
    }

    public function test_a_worker_sees_their_own_page_and_nobody_elses(): void {
        $this->resetAfterTest();
        $jo = $this->worker();
        $sam = $this->worker();
        $this->setUser($jo);

        $this->assertTrue(access::can_view((int) $jo->id));
        $this->assertFalse(access::can_view((int) $sam->id));
        $this->assertSame([], access::team_member_ids());
        $this->assertFalse(access::has_team());
        $this->expectException(\required_capability_exception::class);
        access::require_view((int) $sam->id);
    }

    public function test_a_line_manager_sees_exactly_the_workers_assigned_to_them(): void {
        $this->resetAfterTest();
        $roleid = $this->line_manager_role();
        $jo = $this->worker();
        $sam = $this->worker();
        $manager = $this->getDataGenerator()->create_user();
        role_assign($roleid, $manager->id, context_user::instance($jo->id)->id);
        $this->setUser($manager);

        $this->assertTrue(access::can_view((int) $jo->id));
        $this->assertFalse(access::can_view((int) $sam->id));
        $this->assertSame([(int) $jo->id], access::team_member_ids());
        $this->assertTrue(access::has_team());
    }

    public function test_a_role_in_a_user_context_without_viewothers_gives_no_team(): void {
        $this->resetAfterTest();
        $jo = $this->worker();
        $roleid = $this->getDataGenerator()->create_role();
        set_role_contextlevels($roleid, [CONTEXT_USER]);
        $other = $this->getDataGenerator()->create_user();
        role_assign($roleid, $other->id, context_user::instance($jo->id)->id);
        $this->setUser($other);

        $this->assertSame([], access::team_member_ids());
    }

    public function test_viewall_sees_everyone(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $this->assertFalse(access::has_team(), 'no team link before cpdsync pushed anything');
        $jo = $this->worker();

        $this->assertNull(access::team_member_ids());
        $this->assertTrue(access::can_view((int) $jo->id));
        $this->assertTrue(access::has_team());
    }

    public function test_team_rows_come_most_urgent_first_then_fewest_days_then_name(): void {
        $this->resetAfterTest();
        $ready = $this->worker(['status' => 'ready'], ['lastname' => 'Adams']);
        $late = $this->worker(['status' => 'missed', 'days_to_deadline' => -2], ['lastname' => 'Young']);
        $riskb = $this->worker(['status' => 'at_risk', 'days_to_deadline' => 8], ['lastname' => 'Brown']);
        $riska = $this->worker(['status' => 'at_risk', 'days_to_deadline' => 8], ['lastname' => 'Allen']);
        $risksoon = $this->worker(['status' => 'at_risk', 'days_to_deadline' => 3], ['lastname' => 'Zeta']);

        $rows = team::rows(null, '2025-26');

        $this->assertSame(array_map(fn($u) => (int) $u->id, [$late, $risksoon, $riska, $riskb, $ready]),
            array_map(fn($r) => (int) $r->userid, $rows));
        $this->assertSame(['SWE_CPD_REFLECTION', 'SWE_PEER_REFLECTION'], $rows[0]->statutory);
        $this->assertSame(1, $rows[0]->cpd['reflected']);
    }

    public function test_team_filter_years_and_teams(): void {
        $this->resetAfterTest();
        $north = $this->worker();
        $south = $this->worker(['worker' => ['name' => 'Sam', 'team' => 'Adults South']]);

        $this->assertSame(['2025-26'], team::years(null));
        $this->assertSame(['Adults South', 'Children North'], team::teams(null, '2025-26'));
        $this->assertSame([(int) $south->id], array_map(fn($r) => (int) $r->userid, team::rows(null, '2025-26',
            'Adults South')));
        $this->assertSame([(int) $north->id], array_map(fn($r) => (int) $r->userid, team::rows([(int) $north->id],
            '2025-26')));
        $this->assertSame([], team::rows([], '2025-26'));
    }

    public function test_the_user_menu_links_only_workers_on_the_roster_and_managers_with_a_team(): void {
        $this->resetAfterTest();
        $jo = $this->worker();
        $nobody = $this->getDataGenerator()->create_user();

        $titles = function(): array {
            $hook = new \core_user\hook\extend_user_menu();
            \local_cpdsync\hook_callbacks::extend_user_menu($hook);
            return array_map(fn($item) => $item->title, $hook->get_navitems());
        };

        $this->setUser($jo);
        $this->assertSame([get_string('myreadiness', 'local_cpdsync')], $titles());
        $this->setUser($nobody);
        $this->assertSame([], $titles());
        $this->setAdminUser();
        $this->assertSame([get_string('teamreadiness', 'local_cpdsync')], $titles());
    }
}
