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
 * Tests for the local_cpdsync_get_completion_counts web-service function.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\external\get_completion_counts
 */
final class get_completion_counts_test extends \advanced_testcase {
    /**
     * Insert one course_completions row.
     *
     * @param int $userid
     * @param int $courseid
     * @param int|null $timecompleted null for a completion that is not complete
     */
    private function add_completion(int $userid, int $courseid, ?int $timecompleted): void {
        global $DB;

        $DB->insert_record('course_completions', (object) [
            'userid' => $userid,
            'course' => $courseid,
            'timeenrolled' => 0,
            'timestarted' => 0,
            'timecompleted' => $timecompleted,
            'reaggregate' => 0,
        ]);
    }

    /**
     * Call the function as the web-service layer does.
     *
     * @return array
     */
    private function call(): array {
        return external_api::clean_returnvalue(
            get_completion_counts::execute_returns(),
            get_completion_counts::execute()
        );
    }

    public function test_counts_only_rows_with_a_completion_time_per_course_in_course_order(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $generator = $this->getDataGenerator();
        $course1 = $generator->create_course();
        $course2 = $generator->create_course();
        $course3 = $generator->create_course();
        $users = [$generator->create_user(), $generator->create_user(), $generator->create_user()];

        $this->add_completion($users[0]->id, $course2->id, 100);
        $this->add_completion($users[1]->id, $course2->id, 200);
        $this->add_completion($users[2]->id, $course2->id, null);
        $this->add_completion($users[0]->id, $course1->id, 300);
        $this->add_completion($users[1]->id, $course3->id, null);

        $result = $this->call();

        $this->assertSame([
            ['course' => (int) $course1->id, 'completions' => 1],
            ['course' => (int) $course2->id, 'completions' => 2],
        ], $result['courses']);
    }

    public function test_count_drops_when_a_completion_is_deleted(): void {
        global $DB;

        $this->resetAfterTest();
        $this->setAdminUser();
        $generator = $this->getDataGenerator();
        $course = $generator->create_course();
        $user1 = $generator->create_user();
        $user2 = $generator->create_user();
        $this->add_completion($user1->id, $course->id, 100);
        $this->add_completion($user2->id, $course->id, 200);

        $DB->delete_records('course_completions', ['userid' => $user1->id, 'course' => $course->id]);

        $this->assertSame([['course' => (int) $course->id, 'completions' => 1]], $this->call()['courses']);
    }

    public function test_site_without_completions_returns_no_courses(): void {
        $this->resetAfterTest();
        $this->setAdminUser();

        $this->assertSame([], $this->call()['courses']);
    }

    public function test_user_without_the_capability_is_refused(): void {
        $this->resetAfterTest();
        $this->setUser($this->getDataGenerator()->create_user());

        $this->expectException(\required_capability_exception::class);
        get_completion_counts::execute();
    }

    public function test_user_with_the_capability_in_the_system_context_reads_counts(): void {
        $this->resetAfterTest();
        $context = \context_system::instance();
        $user = $this->getDataGenerator()->create_user();
        $roleid = $this->getDataGenerator()->create_role();
        assign_capability('local/cpdsync:sync', CAP_ALLOW, $roleid, $context->id);
        role_assign($roleid, $user->id, $context->id);
        accesslib_clear_all_caches_for_unit_testing();
        $this->setUser($user);

        $this->assertSame([], $this->call()['courses']);
    }

    public function test_any_parameter_is_refused_by_validation(): void {
        $this->expectException(\invalid_parameter_exception::class);
        external_api::validate_parameters(get_completion_counts::execute_parameters(), ['courseid' => 2]);
    }
}
