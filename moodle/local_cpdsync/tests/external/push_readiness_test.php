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
use local_cpdsync\local\snapshot;

/**
 * Tests for the local_cpdsync_push_readiness web-service function.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\external\push_readiness
 * @covers     \local_cpdsync\local\snapshot
 */
final class push_readiness_test extends \advanced_testcase {
    /**
     * The plugin's data generator.
     *
     * @return \local_cpdsync_generator
     */
    private function cpdsync(): \local_cpdsync_generator {
        return $this->getDataGenerator()->get_plugin_generator('local_cpdsync');
    }

    /**
     * One item of the push, for a user, from snapshot overrides.
     *
     * @param int $userid
     * @param array $overrides
     * @param string|null $json the snapshot text instead
     * @return array
     */
    private function item(int $userid, array $overrides = [], ?string $json = null): array {
        $json = $json ?? json_encode($this->cpdsync()->snapshot_data($overrides));
        return ['userid' => $userid, 'hash' => sha1($json), 'snapshot' => $json];
    }

    /**
     * Call the function as the web-service layer does.
     *
     * @param string $year
     * @param array $items
     * @return array
     */
    private function push(string $year, array $items): array {
        return external_api::clean_returnvalue(push_readiness::execute_returns(),
            push_readiness::execute($year, $items))['results'];
    }

    /**
     * A user who holds local/cpdsync:sync (or another capability) in the system context.
     *
     * @param string $capability
     * @return \stdClass
     */
    private function integration_user(string $capability = 'local/cpdsync:sync'): \stdClass {
        $user = $this->getDataGenerator()->create_user();
        $roleid = $this->getDataGenerator()->create_role();
        assign_capability($capability, CAP_ALLOW, $roleid, \context_system::instance()->id);
        role_assign($roleid, $user->id, \context_system::instance()->id);
        accesslib_clear_all_caches_for_unit_testing();
        return $user;
    }

    public function test_new_snapshots_are_created_with_their_sort_and_filter_columns(): void {
        global $DB;

        $this->resetAfterTest();
        $this->setUser($this->integration_user());
        $worker = $this->getDataGenerator()->create_user();

        $results = $this->push('2025-26', [$this->item($worker->id)]);

        $this->assertSame([['userid' => (int) $worker->id, 'outcome' => 'created', 'reason' => '', 'message' => '']],
            $results);
        $row = $DB->get_record('local_cpdsync_snapshot', ['userid' => $worker->id], '*', MUST_EXIST);
        $this->assertSame('2025-26', $row->year);
        $this->assertSame('at_risk', $row->status);
        $this->assertEquals(2, $row->urgency);
        $this->assertEquals(8, $row->daysleft);
        $this->assertSame('Children North', $row->team);
        $this->assertEquals(snapshot::timestamp('2026-11-22T09:00:00Z'), $row->computedat);
    }

    public function test_the_same_hash_again_is_unchanged_and_writes_nothing(): void {
        global $DB;

        $this->resetAfterTest();
        $this->setUser($this->integration_user());
        $worker = $this->getDataGenerator()->create_user();
        $item = $this->item($worker->id);
        $this->push('2025-26', [$item]);
        $DB->set_field('local_cpdsync_snapshot', 'timemodified', 5, ['userid' => $worker->id]);

        $results = $this->push('2025-26', [$item]);

        $this->assertSame('unchanged', $results[0]['outcome']);
        $this->assertEquals(5, $DB->get_field('local_cpdsync_snapshot', 'timemodified', ['userid' => $worker->id]));
        $this->assertSame(1, $DB->count_records('local_cpdsync_snapshot'));
    }

    public function test_a_new_hash_updates_the_held_snapshot_in_place(): void {
        global $DB;

        $this->resetAfterTest();
        $this->setUser($this->integration_user());
        $worker = $this->getDataGenerator()->create_user();
        $this->push('2025-26', [$this->item($worker->id)]);
        $id = $DB->get_field('local_cpdsync_snapshot', 'id', ['userid' => $worker->id]);

        $results = $this->push('2025-26', [$this->item($worker->id, [
            'computed_at' => '2026-11-23T09:00:00+00:00', 'status' => 'ready', 'days_to_deadline' => 7])]);

        $this->assertSame('updated', $results[0]['outcome']);
        $row = $DB->get_record('local_cpdsync_snapshot', ['userid' => $worker->id]);
        $this->assertEquals($id, $row->id);
        $this->assertSame('ready', $row->status);
        $this->assertEquals(4, $row->urgency);
        $this->assertEquals(7, $row->daysleft);
    }

    public function test_each_year_is_held_apart(): void {
        global $DB;

        $this->resetAfterTest();
        $this->setUser($this->integration_user());
        $worker = $this->getDataGenerator()->create_user();
        $this->push('2025-26', [$this->item($worker->id)]);

        $results = $this->push('2026-27', [$this->item($worker->id, ['registration_year' => ['label' => '2026-27',
            'start' => '2026-12-01', 'end' => '2027-11-30']])]);

        $this->assertSame('created', $results[0]['outcome']);
        $this->assertSame(2, $DB->count_records('local_cpdsync_snapshot', ['userid' => $worker->id]));
    }

    public function test_bad_items_are_refused_with_a_reason_and_the_rest_applied(): void {
        global $CFG, $DB;

        $this->resetAfterTest();
        $this->setUser($this->integration_user());
        $good = $this->getDataGenerator()->create_user();
        $deleted = $this->getDataGenerator()->create_user();
        delete_user($deleted);
        $w = [];
        for ($i = 0; $i < 7; $i++) {
            $w[] = (int) $this->getDataGenerator()->create_user()->id;
        }
        $big = $this->cpdsync()->snapshot_data(['headline' => str_repeat('x', snapshot::MAX_BYTES)]);

        $results = $this->push('2025-26', [
            $this->item(999999),
            $this->item($deleted->id),
            $this->item((int) $CFG->siteguest),
            $this->item($w[0], ['registration_year' => ['label' => '2024-25', 'start' => '2024-12-01',
                'end' => '2025-11-30']]),
            $this->item($w[1], [], '{"schema": 1,'),
            $this->item($w[2], [], '[1, 2]'),
            $this->item($w[3], ['schema' => 2]),
            $this->item($w[4], ['status' => 'fine']),
            $this->item($w[5], ['entries' => [['entryid' => 5, 'title' => 'x', 'date' => '2026-02-30']]]),
            $this->item($w[6], [], json_encode($big)),
            $this->item($good->id),
            $this->item($good->id, ['status' => 'ready']),
        ]);

        $this->assertSame(['unknownuser', 'unknownuser', 'unknownuser', 'yearmismatch', 'malformed', 'malformed',
            'schema', 'malformed', 'malformed', 'toolarge', '', 'duplicate'], array_column($results, 'reason'));
        $this->assertSame('created', $results[10]['outcome']);
        $this->assertSame('status: expected one of missed, at_risk, in_progress, ready, submitted, exempt',
            $results[7]['message']);
        $this->assertSame('entries[0].date: expected a date, YYYY-MM-DD', $results[8]['message']);
        $this->assertSame(['refused'], array_values(array_unique(array_column(array_slice($results, 0, 10), 'outcome'))));
        $this->assertSame(1, $DB->count_records('local_cpdsync_snapshot'));
        $this->assertSame('at_risk', $DB->get_field('local_cpdsync_snapshot', 'status', ['userid' => $good->id]));
    }

    public function test_a_snapshot_older_than_the_one_held_is_refused_as_stale(): void {
        global $DB;

        $this->resetAfterTest();
        $this->setUser($this->integration_user());
        $worker = $this->getDataGenerator()->create_user();
        $this->push('2025-26', [$this->item($worker->id)]);

        $results = $this->push('2025-26', [$this->item($worker->id, ['computed_at' => '2026-11-21T09:00:00Z',
            'status' => 'ready'])]);

        $this->assertSame('stale', $results[0]['reason']);
        $this->assertStringContainsString('older than the snapshot held', $results[0]['message']);
        $this->assertSame('at_risk', $DB->get_field('local_cpdsync_snapshot', 'status', ['userid' => $worker->id]));
    }

    public function test_a_year_that_is_not_a_registration_year_label_refuses_the_call(): void {
        $this->resetAfterTest();
        $this->setUser($this->integration_user());

        $this->expectException(\invalid_parameter_exception::class);
        push_readiness::execute('2025-27', []);
    }

    public function test_more_than_the_maximum_snapshots_refuses_the_call(): void {
        $this->resetAfterTest();
        $this->setUser($this->integration_user());
        $items = array_fill(0, push_readiness::MAX_SNAPSHOTS + 1, ['userid' => 2, 'hash' => 'a', 'snapshot' => '{}']);

        $this->expectException(\invalid_parameter_exception::class);
        push_readiness::execute('2025-26', $items);
    }

    public function test_a_hash_with_other_characters_refuses_the_call(): void {
        $this->expectException(\invalid_parameter_exception::class);
        external_api::validate_parameters(push_readiness::execute_parameters(),
            ['year' => '2025-26', 'snapshots' => [['userid' => 2, 'hash' => 'ab-cd', 'snapshot' => '{}']]]);
    }

    public function test_a_user_without_the_sync_capability_is_refused(): void {
        $this->resetAfterTest();
        $this->setUser($this->getDataGenerator()->create_user());

        $this->expectException(\required_capability_exception::class);
        push_readiness::execute('2025-26', []);
    }

    public function test_the_old_read_capability_does_not_allow_writing(): void {
        $this->resetAfterTest();
        $this->setUser($this->integration_user('local/cpdsync:viewcompletions'));

        $this->expectException(\required_capability_exception::class);
        push_readiness::execute('2025-26', []);
    }

    public function test_a_batch_of_250_as_cpdsync_sends_goes_in_one_call(): void {
        global $DB;

        $this->resetAfterTest();
        $this->setUser($this->integration_user());
        $items = [];
        for ($i = 0; $i < 250; $i++) {
            $items[] = $this->item((int) $this->getDataGenerator()->create_user()->id);
        }

        $results = $this->push('2025-26', $items);

        $this->assertSame(['created'], array_values(array_unique(array_column($results, 'outcome'))));
        $this->assertSame(250, $DB->count_records('local_cpdsync_snapshot'));
    }
}
