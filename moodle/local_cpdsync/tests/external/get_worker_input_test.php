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
 * Tests for the local_cpdsync_get_worker_input web-service function.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\external\get_worker_input
 */
final class get_worker_input_test extends \advanced_testcase {
    /**
     * The plugin's data generator.
     *
     * @return \local_cpdsync_generator
     */
    private function cpdsync(): \local_cpdsync_generator {
        return $this->getDataGenerator()->get_plugin_generator('local_cpdsync');
    }

    /**
     * Call the function as the web-service layer does.
     *
     * @param int $since
     * @param string $afterkind
     * @param int $afterid
     * @param int $limit
     * @return array
     */
    private function call(int $since = 0, string $afterkind = '', int $afterid = 0, int $limit = 500): array {
        return external_api::clean_returnvalue(get_worker_input::execute_returns(),
            get_worker_input::execute($since, $afterkind, $afterid, $limit));
    }

    /**
     * Keys of the items: kind:id.
     *
     * @param array $result
     * @return string[]
     */
    private function keys(array $result): array {
        return array_map(fn($i) => $i['kind'] . ':' . $i['id'], $result['items']);
    }

    /**
     * A worker with one item of each kind, two at the same second, and the keys in reply order.
     *
     * @return array{0: \stdClass, 1: string[]}
     */
    private function make_input(): array {
        $worker = $this->getDataGenerator()->create_user();
        $renewal = $this->cpdsync()->create_renewal($worker->id, ['timemodified' => 100]);
        $reflection = $this->cpdsync()->create_reflection($worker->id, ['timemodified' => 200]);
        $activity = $this->cpdsync()->create_activity($worker->id, ['timemodified' => 200]);
        $later = $this->cpdsync()->create_reflection($worker->id, ['entryid' => 12, 'timemodified' => 300,
            'status' => 'draft', 'recordedonswe' => 1]);
        // At one second, activities come before reflections, whatever their ids.
        return [$worker, ["renewal:$renewal->id", "activity:$activity->id", "reflection:$reflection->id",
            "reflection:$later->id"]];
    }

    public function test_items_of_every_kind_come_in_time_kind_id_order(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [, $expected] = $this->make_input();

        $result = $this->call();

        $this->assertSame($expected, $this->keys($result));
        $this->assertFalse($result['hasmore']);
        $this->assertSame(300, $result['nextsince']);
        $this->assertSame('reflection', $result['nextafterkind']);
        $this->assertSame((int) explode(':', $expected[3])[1], $result['nextafterid']);
    }

    public function test_each_kind_carries_its_own_fields(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [$worker] = $this->make_input();

        $items = $this->call()['items'];

        $this->assertSame(['kind' => 'renewal', 'id' => $items[0]['id'], 'userid' => (int) $worker->id,
            'year' => '2025-26', 'timemodified' => 100, 'submitted' => true], $items[0]);
        $this->assertSame(['Conference on kinship care', '2026-05-14', 'conference', 5.5, 'Regional conference.', false],
            [$items[1]['title'], $items[1]['activitydate'], $items[1]['cpdtype'], $items[1]['hours'],
                $items[1]['description'], $items[1]['deleted']]);
        $this->assertSame([13, 0, 'submitted', 'Listening first.', 'Better visits.', 'My supervisor showed me another view.',
            'my supervisor', false, false],
            [$items[2]['entryid'], $items[2]['activityid'], $items[2]['status'], $items[2]['learnt'], $items[2]['impact'],
                $items[2]['peerreflection'], $items[2]['peerrole'], $items[2]['recordedonswe'], $items[2]['peerrecordedonswe']]);
        $this->assertSame(['draft', true], [$items[3]['status'], $items[3]['recordedonswe']]);
        $this->assertArrayNotHasKey('title', $items[2]);
    }

    public function test_an_activity_without_hours_says_null(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $this->cpdsync()->create_activity($this->getDataGenerator()->create_user()->id, ['hours' => null]);

        $this->assertNull($this->call()['items'][0]['hours']);
    }

    public function test_pages_of_one_return_every_item_once_across_the_tie(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [, $expected] = $this->make_input();

        $seen = [];
        $cursor = [0, '', 0];
        do {
            $page = $this->call($cursor[0], $cursor[1], $cursor[2], 1);
            $seen = array_merge($seen, $this->keys($page));
            $cursor = [$page['nextsince'], $page['nextafterkind'], $page['nextafterid']];
        } while ($page['hasmore']);

        $this->assertSame($expected, $seen);
    }

    public function test_cursor_inside_a_second_returns_only_later_kinds_and_ids(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        [, $expected] = $this->make_input();
        $activityid = (int) explode(':', $expected[1])[1];

        $this->assertSame(array_slice($expected, 2), $this->keys($this->call(200, 'activity', $activityid)));
    }

    public function test_an_item_saved_again_comes_again_after_the_cursor(): void {
        global $DB;

        $this->resetAfterTest();
        $this->setAdminUser();
        [, $expected] = $this->make_input();
        $first = $this->call();
        $renewalid = (int) explode(':', $expected[0])[1];
        $DB->update_record('local_cpdsync_renewal', (object) ['id' => $renewalid, 'submitted' => 0, 'timemodified' => 400]);

        $again = $this->call($first['nextsince'], $first['nextafterkind'], $first['nextafterid']);

        $this->assertSame([$expected[0]], $this->keys($again));
        $this->assertFalse($again['items'][0]['submitted']);
    }

    public function test_items_saved_in_the_current_second_are_held_back(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $worker = $this->getDataGenerator()->create_user();
        $this->cpdsync()->create_reflection($worker->id, ['timemodified' => time() + 60]);

        $result = $this->call();

        $this->assertSame([], $result['items']);
        $this->assertSame([0, '', 0], [$result['nextsince'], $result['nextafterkind'], $result['nextafterid']]);
    }

    public function test_an_unknown_kind_in_the_cursor_is_refused(): void {
        $this->resetAfterTest();
        $this->setAdminUser();

        $this->expectException(\invalid_parameter_exception::class);
        get_worker_input::execute(0, 'snapshot', 0, 10);
    }

    /**
     * Out-of-range values that pass the type check.
     *
     * @return array
     */
    public static function out_of_range_provider(): array {
        return [
            'negative since' => [-1, '', 0, 10],
            'negative afterid' => [0, '', -1, 10],
            'zero limit' => [0, '', 0, 0],
        ];
    }

    /**
     * @dataProvider out_of_range_provider
     * @param int $since
     * @param string $afterkind
     * @param int $afterid
     * @param int $limit
     */
    public function test_out_of_range_parameters_are_refused(int $since, string $afterkind, int $afterid, int $limit): void {
        $this->resetAfterTest();
        $this->setAdminUser();

        $this->expectException(\invalid_parameter_exception::class);
        get_worker_input::execute($since, $afterkind, $afterid, $limit);
    }

    public function test_a_user_without_the_sync_capability_is_refused(): void {
        $this->resetAfterTest();
        $this->setUser($this->getDataGenerator()->create_user());

        $this->expectException(\required_capability_exception::class);
        get_worker_input::execute();
    }
}
