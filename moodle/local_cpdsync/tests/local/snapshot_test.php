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

/**
 * Tests for the snapshot checks beyond what push_readiness_test covers.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\local\snapshot
 */
final class snapshot_test extends \advanced_testcase {
    /**
     * The documented example snapshot.
     *
     * @param array $overrides
     * @return array
     */
    private function data(array $overrides = []): array {
        return $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->snapshot_data($overrides);
    }

    public function test_optional_fields_are_filled_in_and_unknown_keys_ignored(): void {
        $data = $this->data(['previous_year' => null, 'later_field' => ['anything']]);
        $data['entries'] = [['entryid' => 5, 'title' => 'Reading', 'date' => '2026-01-02']];
        $data['gaps'] = [['code' => 'SWE_CPD_COUNT', 'severity' => 'statutory', 'message' => 'Add one more piece.']];
        unset($data['worker']['team']);

        $parsed = snapshot::parse(json_encode($data), '2025-26');

        $this->assertSame(['entryid' => 5, 'activityid' => 0, 'title' => 'Reading', 'date' => '2026-01-02',
            'courseid' => null, 'hours' => null, 'counts' => true, 'reflection' => 'none', 'peer' => 'none',
            'prompts_peer' => false, 'source' => '', 'cpd_type' => '', 'needs' => '', 'learnt' => '', 'impact' => '',
            'peer_reflection' => '', 'peer_role' => '', 'description' => ''], $parsed['entries'][0]);
        $this->assertSame([], $parsed['gaps'][0]['suggested_courses']);
        $this->assertSame('', $parsed['worker']['team']);
        $this->assertNull($parsed['previous_year']);
        $this->assertArrayNotHasKey('later_field', $parsed);
    }

    /**
     * Snapshots refused, and the start of the message naming where.
     *
     * @return array
     */
    public static function refused_provider(): array {
        return [
            'missing headline' => [['headline' => null], 'headline: expected text'],
            'computed_at without zone' => [['computed_at' => '2026-11-22T09:00:00'], 'computed_at: expected'],
            'days as text' => [['days_to_deadline' => '8'], 'days_to_deadline: expected a whole number'],
            'gaps not a list' => [['gaps' => ['code' => 'X']], 'gaps: expected a list'],
            'bad gap code' => [['gaps' => [['code' => 'swe count', 'severity' => 'info', 'message' => 'm']]], 'gaps[0].code'],
            'bad severity' => [['gaps' => [['code' => 'X', 'severity' => 'urgent', 'message' => 'm']]], 'gaps[0].severity'],
            'entry without ids' => [['entries' => [['title' => 't', 'date' => '2026-01-01']]], 'entries[0]: entryid or'],
            'negative hours' => [['entries' => [['entryid' => 1, 'title' => 't', 'date' => '2026-01-01', 'hours' => -1]]],
                'entries[0].hours'],
            'renewal without submitted' => [['renewal' => ['steps' => []]], 'renewal.submitted: missing'],
            'unknown outcome' => [['previous_year' => ['label' => '2024-25', 'outcome' => 'fine']], 'previous_year.outcome'],
            'course id as text' => [['gaps' => [['code' => 'X', 'severity' => 'info', 'message' => 'm',
                'suggested_courses' => [['id' => '5', 'name' => 'n']]]]], 'gaps[0].suggested_courses[0].id'],
        ];
    }

    /**
     * @dataProvider refused_provider
     * @param array $overrides
     * @param string $message
     */
    public function test_a_field_of_the_wrong_shape_is_refused_naming_where(array $overrides, string $message): void {
        try {
            snapshot::parse(json_encode($this->data($overrides)), '2025-26');
            $this->fail('the snapshot was accepted');
        } catch (invalid_snapshot $e) {
            $this->assertSame('malformed', $e->reason);
            $this->assertStringStartsWith($message, $e->getMessage());
        }
    }

    public function test_a_missing_top_level_key_is_named(): void {
        $data = $this->data();
        unset($data['entries']);

        $this->expectException(invalid_snapshot::class);
        $this->expectExceptionMessage('entries: missing');
        snapshot::parse(json_encode($data), '2025-26');
    }

    public function test_year_labels_must_name_consecutive_years(): void {
        $this->assertTrue(snapshot::valid_year('2025-26'));
        $this->assertTrue(snapshot::valid_year('2099-00'));
        $this->assertFalse(snapshot::valid_year('2025-27'));
        $this->assertFalse(snapshot::valid_year('2025/26'));
        $this->assertFalse(snapshot::valid_year('25-26'));
    }

    public function test_timestamps_need_a_zone_and_may_carry_an_offset_or_fractions(): void {
        $this->assertSame(1795338000, snapshot::timestamp('2026-11-22T09:00:00Z'));
        $this->assertSame(1795338000, snapshot::timestamp('2026-11-22T09:00:00.250+00:00'));
        $this->assertSame(1795338000, snapshot::timestamp('2026-11-22T10:00:00+01:00'));
        $this->assertNull(snapshot::timestamp('2026-11-22 09:00:00Z'));
        $this->assertNull(snapshot::timestamp('yesterday'));
    }
}
