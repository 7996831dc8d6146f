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

namespace local_cpdsync\external;

use core_external\external_api;

/**
 * Tests for local_cpdsync_get_users and local_cpdsync_get_users_with_field.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\external\get_users
 * @covers     \local_cpdsync\external\get_users_with_field
 * @covers     \local_cpdsync\local\user_records
 */
final class get_users_test extends \advanced_testcase {
    /**
     * Three workers (one suspended, one without a SWE number), a deleted user, and the
     * custom profile fields swenumber and jobrole.
     *
     * @return \stdClass[] the workers a, b, c
     */
    private function make_users(): array {
        $generator = $this->getDataGenerator();
        $generator->create_custom_profile_field(['datatype' => 'text', 'shortname' => 'swenumber', 'name' => 'SWE number']);
        $generator->create_custom_profile_field(['datatype' => 'text', 'shortname' => 'jobrole', 'name' => 'Job role']);
        $a = $generator->create_user(['username' => 'jsmith', 'idnumber' => 'EMP1', 'profile_field_swenumber' => 'SW1',
            'profile_field_jobrole' => 'Social Worker']);
        $b = $generator->create_user(['suspended' => 1, 'profile_field_swenumber' => 'SW2']);
        $c = $generator->create_user(['profile_field_jobrole' => 'Team Manager']);
        $gone = $generator->create_user(['profile_field_swenumber' => 'SW9']);
        delete_user($gone);
        return [$a, $b, $c];
    }

    /**
     * Call get_users as the web-service layer does.
     *
     * @param int $afterid
     * @param int $limit
     * @param int[] $userids
     * @return array
     */
    private function users(int $afterid = 0, int $limit = 5000, array $userids = []): array {
        return external_api::clean_returnvalue(get_users::execute_returns(), get_users::execute($afterid, $limit, $userids));
    }

    /**
     * Call get_users_with_field as the web-service layer does.
     *
     * @param string $field
     * @param int $afterid
     * @param int $limit
     * @return array
     */
    private function with_field(string $field, int $afterid = 0, int $limit = 1000): array {
        return external_api::clean_returnvalue(get_users_with_field::execute_returns(),
            get_users_with_field::execute($field, $afterid, $limit));
    }

    public function test_every_user_but_the_guest_and_the_deleted_in_id_order(): void {
        global $CFG;

        $this->resetAfterTest();
        $this->setAdminUser();
        [$a, $b, $c] = $this->make_users();

        $result = $this->users();

        $ids = array_column($result['users'], 'id');
        $this->assertSame([2, (int) $a->id, (int) $b->id, (int) $c->id], $ids);
        $this->assertNotContains((int) $CFG->siteguest, $ids);
        $this->assertFalse($result['hasmore']);
        $this->assertSame((int) $c->id, $result['nextafterid']);
    }

    public function test_a_user_record_carries_identity_suspension_and_every_custom_field(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$a, $b] = $this->make_users();

        $users = array_column($this->users()['users'], null, 'id');

        $this->assertSame('jsmith', $users[$a->id]['username']);
        $this->assertSame('EMP1', $users[$a->id]['idnumber']);
        $this->assertSame($a->email, $users[$a->id]['email']);
        $this->assertSame('manual', $users[$a->id]['auth']);
        $this->assertFalse($users[$a->id]['suspended']);
        $this->assertTrue($users[$b->id]['suspended']);
        $this->assertSame([['shortname' => 'jobrole', 'value' => 'Social Worker'], ['shortname' => 'swenumber', 'value' => 'SW1']],
            $users[$a->id]['customfields']);
        $this->assertSame([], $users[2]['customfields']);
    }

    public function test_pages_return_every_user_once_with_their_fields(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$a, $b, $c] = $this->make_users();

        $first = $this->users(0, 2);
        $second = $this->users($first['nextafterid'], 2);

        $this->assertSame([2, (int) $a->id], array_column($first['users'], 'id'));
        $this->assertTrue($first['hasmore']);
        $this->assertSame([(int) $b->id, (int) $c->id], array_column($second['users'], 'id'));
        $this->assertFalse($second['hasmore']);
        $this->assertSame([['shortname' => 'jobrole', 'value' => 'Team Manager']], $second['users'][1]['customfields']);
    }

    public function test_userids_limits_the_reply_to_those_users(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$a, , $c] = $this->make_users();

        $result = $this->users(0, 5000, [(int) $c->id, (int) $a->id, 999999]);

        $this->assertSame([(int) $a->id, (int) $c->id], array_column($result['users'], 'id'));
    }

    public function test_too_many_userids_are_refused(): void {
        $this->resetAfterTest();
        $this->setAdminUser();

        $this->expectException(\invalid_parameter_exception::class);
        get_users::execute(0, 10, range(1, get_users::MAX_USERIDS + 1));
    }

    public function test_users_with_field_returns_only_users_with_a_value_and_all_their_fields(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$a, $b] = $this->make_users();

        $result = $this->with_field('swenumber');

        $this->assertSame([(int) $a->id, (int) $b->id], array_column($result['users'], 'id'));
        $this->assertSame([['shortname' => 'jobrole', 'value' => 'Social Worker'], ['shortname' => 'swenumber', 'value' => 'SW1']],
            $result['users'][0]['customfields']);
        $this->assertTrue($result['users'][1]['suspended']);
    }

    public function test_users_with_field_pages_by_id(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$a, $b] = $this->make_users();

        $first = $this->with_field('swenumber', 0, 1);
        $second = $this->with_field('swenumber', $first['nextafterid'], 1);

        $this->assertSame([(int) $a->id], array_column($first['users'], 'id'));
        $this->assertTrue($first['hasmore']);
        $this->assertSame([(int) $b->id], array_column($second['users'], 'id'));
        $this->assertFalse($second['hasmore']);
    }

    public function test_an_unknown_field_is_refused_by_name(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $this->make_users();

        $this->expectException(\invalid_parameter_exception::class);
        $this->expectExceptionMessageMatches("/no custom profile field has the shortname 'swenum'/");
        get_users_with_field::execute('swenum');
    }

    public function test_a_field_nobody_has_set_returns_nobody(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $this->make_users();
        $this->getDataGenerator()->create_custom_profile_field(['datatype' => 'text', 'shortname' => 'empty', 'name' => 'E']);

        $this->assertSame(['users' => [], 'nextafterid' => 0, 'hasmore' => false], $this->with_field('empty'));
    }

    public function test_the_old_read_capability_still_reads_users(): void {
        $this->resetAfterTest();
        [$a] = $this->make_users();
        $user = $this->getDataGenerator()->create_user();
        $roleid = $this->getDataGenerator()->create_role();
        assign_capability('local/cpdsync:viewcompletions', CAP_ALLOW, $roleid, \context_system::instance()->id);
        role_assign($roleid, $user->id, \context_system::instance()->id);
        accesslib_clear_all_caches_for_unit_testing();
        $this->setUser($user);

        $this->assertSame([(int) $a->id], array_column($this->with_field('jobrole', 0, 1)['users'], 'id'));
    }

    public function test_a_user_without_the_sync_capability_is_refused(): void {
        $this->resetAfterTest();
        $this->setUser($this->getDataGenerator()->create_user());

        $this->expectException(\required_capability_exception::class);
        get_users::execute();
    }

    public function test_a_user_without_the_sync_capability_may_not_read_the_roster(): void {
        $this->resetAfterTest();
        $this->make_users();
        $this->setUser($this->getDataGenerator()->create_user());

        $this->expectException(\required_capability_exception::class);
        get_users_with_field::execute('swenumber');
    }
}
