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
 * Tests for the bulk catalogue functions local_cpdsync_get_courses, local_cpdsync_get_categories
 * and local_cpdsync_get_enrolments.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\external\get_courses
 * @covers     \local_cpdsync\external\get_categories
 * @covers     \local_cpdsync\external\get_enrolments
 */
final class catalogue_test extends \advanced_testcase {
    /**
     * Call get_courses as the web-service layer does.
     *
     * @param int $afterid
     * @param int $limit
     * @return array
     */
    private function courses(int $afterid = 0, int $limit = 1000): array {
        return external_api::clean_returnvalue(get_courses::execute_returns(), get_courses::execute($afterid, $limit));
    }

    /**
     * Call get_enrolments as the web-service layer does.
     *
     * @param int $afterid
     * @param int $limit
     * @param int $courseid
     * @return array
     */
    private function enrolments(int $afterid = 0, int $limit = 5000, int $courseid = 0): array {
        return external_api::clean_returnvalue(get_enrolments::execute_returns(),
            get_enrolments::execute($afterid, $limit, $courseid));
    }

    public function test_courses_come_with_idnumber_custom_fields_tags_and_criteria_but_not_the_site(): void {
        global $DB;

        $this->resetAfterTest();
        $this->setAdminUser();
        $generator = $this->getDataGenerator();
        $cfgenerator = $generator->get_plugin_generator('core_customfield');
        $category = $cfgenerator->create_category();
        $cfgenerator->create_field(['categoryid' => $category->get('id'), 'shortname' => 'cpdhours', 'type' => 'text']);
        $cfgenerator->create_field(['categoryid' => $category->get('id'), 'shortname' => 'level', 'type' => 'select',
            'configdata' => ['options' => "Foundation\nAdvanced", 'defaultvalue' => '']]);
        $hidden = $generator->create_category(['visible' => 0]);
        $course1 = $generator->create_course(['idnumber' => 'KSS-CF-05-SG', 'shortname' => 'SG-L3', 'enablecompletion' => 1,
            'tags' => ['safeguarding', 'kss'], 'customfield_cpdhours' => '6', 'customfield_level' => 2]);
        $course2 = $generator->create_course(['visible' => 0, 'category' => $hidden->id]);
        // Criterion types 1 (self) and 4 (activity), the activity one twice.
        foreach ([[1, null, null], [4, 'page', 1], [4, 'page', 2]] as [$type, $module, $instance]) {
            $DB->insert_record('course_completion_criteria', ['course' => $course1->id, 'criteriatype' => $type,
                'module' => $module, 'moduleinstance' => $instance]);
        }

        $result = $this->courses();

        $this->assertSame([(int) $course1->id, (int) $course2->id], array_column($result['courses'], 'id'));
        [$one, $two] = $result['courses'];
        $this->assertSame(['KSS-CF-05-SG', 'SG-L3', true, true], [$one['idnumber'], $one['shortname'], $one['visible'],
            $one['enablecompletion']]);
        $this->assertSame([['shortname' => 'cpdhours', 'value' => '6', 'valueraw' => '6'],
            ['shortname' => 'level', 'value' => 'Advanced', 'valueraw' => '2']], $one['customfields']);
        $this->assertSame(['safeguarding', 'kss'], $one['tags']);
        $this->assertSame(['self', 'activity'], $one['criteria']);
        $this->assertSame([false, (int) $hidden->id, [], [], []], [$two['visible'], $two['categoryid'], $two['customfields'],
            $two['tags'], $two['criteria']]);
    }

    public function test_courses_page_by_id(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $ids = [];
        for ($i = 0; $i < 3; $i++) {
            $ids[] = (int) $this->getDataGenerator()->create_course()->id;
        }

        $first = $this->courses(0, 2);
        $second = $this->courses($first['nextafterid'], 2);

        $this->assertSame([array_slice($ids, 0, 2), true], [array_column($first['courses'], 'id'), $first['hasmore']]);
        $this->assertSame([[$ids[2]], false, $ids[2]], [array_column($second['courses'], 'id'), $second['hasmore'],
            $second['nextafterid']]);
        $this->assertSame(['courses' => [], 'nextafterid' => $ids[2], 'hasmore' => false], $this->courses($ids[2]));
    }

    public function test_categories_include_hidden_ones_with_their_paths(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $top = $this->getDataGenerator()->create_category(['name' => 'Safeguarding', 'idnumber' => 'SG']);
        $sub = $this->getDataGenerator()->create_category(['name' => 'Adults', 'parent' => $top->id, 'visible' => 0]);

        $result = external_api::clean_returnvalue(get_categories::execute_returns(), get_categories::execute());

        $byid = array_column($result['categories'], null, 'id');
        $this->assertSame(['name' => 'Adults', 'idnumber' => '', 'parent' => (int) $top->id,
            'path' => "/$top->id/$sub->id", 'depth' => 2, 'visible' => false],
            array_diff_key($byid[$sub->id], ['id' => 0]));
        $this->assertSame('SG', $byid[$top->id]['idnumber']);
        $this->assertCount(3, $result['categories']);
    }

    public function test_enrolments_say_active_suspended_dates_and_whether_completion_tracks_them(): void {
        global $DB;

        $this->resetAfterTest();
        $this->setAdminUser();
        $generator = $this->getDataGenerator();
        $course = $generator->create_course();
        $other = $generator->create_course();
        [$student, $teacher, $suspended, $selfonly] = [$generator->create_user(), $generator->create_user(),
            $generator->create_user(), $generator->create_user()];
        $generator->enrol_user($student->id, $course->id, 'student', 'manual', 100, 200);
        $generator->enrol_user($teacher->id, $course->id, 'editingteacher');
        $generator->enrol_user($suspended->id, $course->id, 'student', 'manual', 0, 0, ENROL_USER_SUSPENDED);
        $generator->enrol_user($selfonly->id, $other->id, 'student', 'self');
        $DB->set_field('enrol', 'status', ENROL_INSTANCE_DISABLED, ['courseid' => $other->id, 'enrol' => 'self']);

        $rows = array_column($this->enrolments()['enrolments'], null, 'userid');

        $this->assertSame([(int) $course->id, 'manual', 0, 100, 200, true], [$rows[$student->id]['courseid'],
            $rows[$student->id]['enrol'], $rows[$student->id]['status'], $rows[$student->id]['timestart'],
            $rows[$student->id]['timeend'], $rows[$student->id]['tracked']]);
        $this->assertSame([0, false], [$rows[$teacher->id]['status'], $rows[$teacher->id]['tracked']]);
        $this->assertSame([1, true], [$rows[$suspended->id]['status'], $rows[$suspended->id]['tracked']]);
        $this->assertSame(['self', 1], [$rows[$selfonly->id]['enrol'], $rows[$selfonly->id]['status']]);
    }

    public function test_enrolments_page_by_id_and_filter_by_course(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $generator = $this->getDataGenerator();
        $course = $generator->create_course();
        $other = $generator->create_course();
        for ($i = 0; $i < 3; $i++) {
            $generator->enrol_user($generator->create_user()->id, $course->id);
        }
        $generator->enrol_user($generator->create_user()->id, $other->id);

        $first = $this->enrolments(0, 2);
        $second = $this->enrolments($first['nextafterid'], 2);

        $this->assertSame([2, true, 2, false], [count($first['enrolments']), $first['hasmore'], count($second['enrolments']),
            $second['hasmore']]);
        $this->assertSame([(int) $other->id], array_column($this->enrolments(0, 10, (int) $other->id)['enrolments'],
            'courseid'));
        $this->assertNotSame(array_column($first['enrolments'], 'id'), array_column($second['enrolments'], 'id'));
    }

    public function test_enrolments_of_deleted_users_are_left_out(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $course = $this->getDataGenerator()->create_course();
        $user = $this->getDataGenerator()->create_user();
        $this->getDataGenerator()->enrol_user($user->id, $course->id);
        delete_user($user);

        $this->assertSame([], $this->enrolments()['enrolments']);
    }

    public function test_catalogue_functions_refuse_a_user_without_the_sync_capability(): void {
        $this->resetAfterTest();
        $this->setUser($this->getDataGenerator()->create_user());
        $refused = 0;
        foreach ([fn() => get_courses::execute(), fn() => get_categories::execute(), fn() => get_enrolments::execute()] as $call) {
            try {
                $call();
            } catch (\required_capability_exception $e) {
                $refused++;
            }
        }
        $this->assertSame(3, $refused);
    }

    public function test_out_of_range_cursors_are_refused(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $refused = 0;
        foreach ([fn() => get_courses::execute(-1), fn() => get_courses::execute(0, 0), fn() => get_enrolments::execute(-1),
                fn() => get_enrolments::execute(0, 0), fn() => get_enrolments::execute(0, 10, -2)] as $call) {
            try {
                $call();
            } catch (\invalid_parameter_exception $e) {
                $refused++;
            }
        }
        $this->assertSame(5, $refused);
    }
}
