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
 * Tests for the local_cpdsync_get_course_completions web-service function.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\external\get_course_completions
 */
final class get_course_completions_test extends \advanced_testcase {
    /**
     * Insert one course_completions row and return its id.
     *
     * @param int $userid
     * @param int $courseid
     * @param int|null $timecompleted null for a completion that is not complete
     * @return int
     */
    private function add_completion(int $userid, int $courseid, ?int $timecompleted): int {
        global $DB;

        return (int) $DB->insert_record('course_completions', (object) [
            'userid' => $userid,
            'course' => $courseid,
            'timeenrolled' => 50,
            'timestarted' => 60,
            'timecompleted' => $timecompleted,
            'reaggregate' => 0,
        ]);
    }

    /**
     * Give a user a plugin capability through a role in the system context.
     *
     * @param \stdClass $user
     * @param string $capability
     */
    private function grant_capability(\stdClass $user, string $capability = 'local/cpdsync:sync'): void {
        $context = \context_system::instance();
        $roleid = $this->getDataGenerator()->create_role();
        assign_capability($capability, CAP_ALLOW, $roleid, $context->id);
        role_assign($roleid, $user->id, $context->id);
        accesslib_clear_all_caches_for_unit_testing();
    }

    /**
     * Call the function as the web-service layer does: execute, then clean the return value.
     *
     * @param int $since
     * @param int $afterid
     * @param int $limit
     * @param int $courseid
     * @return array
     */
    private function call(int $since = 0, int $afterid = 0, int $limit = 1000, int $courseid = 0): array {
        $result = get_course_completions::execute($since, $afterid, $limit, $courseid);
        return external_api::clean_returnvalue(get_course_completions::execute_returns(), $result);
    }

    /**
     * Four users and two courses, with completions at 100, 200, 200 (a tie) and 300, one
     * completion without a time, and the ids in (timecompleted, id) order.
     *
     * @return array{0: int[], 1: \stdClass, 2: \stdClass} ids in expected order, course 1, course 2
     */
    private function make_completions(): array {
        $generator = $this->getDataGenerator();
        $course1 = $generator->create_course();
        $course2 = $generator->create_course();
        $users = [];
        for ($i = 0; $i < 4; $i++) {
            $users[] = $generator->create_user();
        }

        // Inserted out of time order, so the result's order comes from the query, not insertion.
        $at300 = $this->add_completion($users[0]->id, $course1->id, 300);
        $at200a = $this->add_completion($users[1]->id, $course1->id, 200);
        $at200b = $this->add_completion($users[2]->id, $course2->id, 200);
        $at100 = $this->add_completion($users[3]->id, $course2->id, 100);
        $this->add_completion($users[0]->id, $course2->id, null);

        return [[$at100, $at200a, $at200b, $at300], $course1, $course2];
    }

    public function test_returns_completed_rows_in_time_then_id_order(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$expected, $course1] = $this->make_completions();

        $result = $this->call();

        $this->assertSame($expected, array_column($result['completions'], 'id'));
        $this->assertSame([100, 200, 200, 300], array_column($result['completions'], 'timecompleted'));
        $this->assertFalse($result['hasmore']);
        $this->assertSame(300, $result['nextsince']);
        $this->assertSame($expected[3], $result['nextafterid']);
        $last = $result['completions'][3];
        $this->assertSame((int) $course1->id, $last['course']);
        $this->assertSame(50, $last['timeenrolled']);
        $this->assertSame(60, $last['timestarted']);
    }

    public function test_cursor_inside_a_tie_returns_only_later_ids_at_that_time(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$expected] = $this->make_completions();

        $result = $this->call(200, $expected[1]);

        $this->assertSame([$expected[2], $expected[3]], array_column($result['completions'], 'id'));
    }

    public function test_cursor_at_the_last_row_returns_nothing_and_keeps_the_cursor(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$expected] = $this->make_completions();

        $result = $this->call(300, $expected[3]);

        $this->assertSame([], $result['completions']);
        $this->assertFalse($result['hasmore']);
        $this->assertSame(300, $result['nextsince']);
        $this->assertSame($expected[3], $result['nextafterid']);
    }

    public function test_limit_pages_through_every_row_once_across_a_tie(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$expected] = $this->make_completions();

        $first = $this->call(0, 0, 2);
        $this->assertSame([$expected[0], $expected[1]], array_column($first['completions'], 'id'));
        $this->assertTrue($first['hasmore']);
        $this->assertSame(200, $first['nextsince']);
        $this->assertSame($expected[1], $first['nextafterid']);

        $second = $this->call($first['nextsince'], $first['nextafterid'], 2);
        $this->assertSame([$expected[2], $expected[3]], array_column($second['completions'], 'id'));
        $this->assertFalse($second['hasmore']);
    }

    public function test_limit_equal_to_the_rows_left_reports_no_more(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $this->make_completions();

        $result = $this->call(0, 0, 4);

        $this->assertCount(4, $result['completions']);
        $this->assertFalse($result['hasmore']);
    }

    public function test_limit_above_the_maximum_is_lowered_not_refused(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $this->make_completions();

        $result = $this->call(0, 0, get_course_completions::MAX_LIMIT + 1);

        $this->assertCount(4, $result['completions']);
    }

    public function test_courseid_limits_the_rows_to_one_course(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$expected, , $course2] = $this->make_completions();

        $result = $this->call(0, 0, 1000, (int) $course2->id);

        $this->assertSame([$expected[0], $expected[2]], array_column($result['completions'], 'id'));
    }

    public function test_user_without_the_capability_is_refused(): void {
        $this->resetAfterTest();
        $this->make_completions();
        $this->setUser($this->getDataGenerator()->create_user());

        $this->expectException(\required_capability_exception::class);
        $this->call();
    }

    public function test_user_with_the_capability_in_the_system_context_reads_completions(): void {
        $this->resetAfterTest();
        [$expected] = $this->make_completions();
        $user = $this->getDataGenerator()->create_user();
        $this->grant_capability($user);
        $this->setUser($user);

        $result = $this->call();

        $this->assertSame($expected, array_column($result['completions'], 'id'));
    }

    public function test_user_with_the_deprecated_read_capability_still_reads_completions(): void {
        $this->resetAfterTest();
        [$expected] = $this->make_completions();
        $user = $this->getDataGenerator()->create_user();
        $this->grant_capability($user, 'local/cpdsync:viewcompletions');
        $this->setUser($user);

        $this->assertSame($expected, array_column($this->call()['completions'], 'id'));
    }

    /**
     * Out-of-range values that pass the type check.
     *
     * @return array
     */
    public static function out_of_range_provider(): array {
        return [
            'negative since' => [-1, 0, 10, 0],
            'negative afterid' => [0, -1, 10, 0],
            'zero limit' => [0, 0, 0, 0],
            'negative limit' => [0, 0, -5, 0],
            'negative courseid' => [0, 0, 10, -1],
        ];
    }

    /**
     * @dataProvider out_of_range_provider
     * @param int $since
     * @param int $afterid
     * @param int $limit
     * @param int $courseid
     */
    public function test_out_of_range_parameters_are_refused(int $since, int $afterid, int $limit, int $courseid): void {
        $this->resetAfterTest();
        $this->setAdminUser();

        $this->expectException(\invalid_parameter_exception::class);
        get_course_completions::execute($since, $afterid, $limit, $courseid);
    }

    public function test_non_integer_parameter_is_refused_by_validation(): void {
        $this->expectException(\invalid_parameter_exception::class);
        external_api::validate_parameters(get_course_completions::execute_parameters(), ['since' => 'yesterday']);
    }

    public function test_unknown_parameter_is_refused_by_validation(): void {
        $this->expectException(\invalid_parameter_exception::class);
        external_api::validate_parameters(get_course_completions::execute_parameters(), ['userid' => 3]);
    }

    public function test_defaults_start_from_the_beginning_with_the_default_limit(): void {
        $params = external_api::validate_parameters(get_course_completions::execute_parameters(), []);

        $this->assertSame(
            ['since' => 0, 'afterid' => 0, 'limit' => get_course_completions::DEFAULT_LIMIT, 'courseid' => 0],
            $params
        );
    }
}
