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

namespace local_cpdsync\form;

use local_cpdsync\local\store;

/**
 * Tests for the form adding CPD done outside Moodle.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\form\activity_form
 * @covers     \local_cpdsync\local\store
 */
final class activity_form_test extends \advanced_testcase {
    /** @var \stdClass the worker */
    private $worker;

    /**
     * A worker in Europe/London, logged in.
     */
    protected function setUp(): void {
        parent::setUp();
        $this->resetAfterTest();
        $this->worker = $this->getDataGenerator()->create_user(['timezone' => 'Europe/London']);
        $this->setUser($this->worker);
    }

    /**
     * Submit the form as add.php does and save what it accepts.
     *
     * @param array $fields submitted values
     * @param int $id the activity being changed, or 0
     * @return array the form's errors (empty when saved) and the saved activity id or 0
     */
    private function submit(array $fields, int $id = 0): array {
        $fields += ['id' => $id, 'year' => '2025-26', 'title' => 'Kinship care conference',
            'activitydate' => ['day' => 14, 'month' => 5, 'year' => 2026], 'cpdtype' => 'conference', 'hours' => '5.5',
            'description' => 'Regional conference.'];
        activity_form::mock_submit($fields);
        $form = new activity_form(null, ['userid' => (int) $this->worker->id, 'start' => '2025-12-01',
            'end' => '2026-11-30', 'today' => '2026-11-22']);
        if ($activity = $form->get_activity()) {
            return [[], store::save_activity((int) $this->worker->id, '2025-26', $activity, $id)];
        }
        $data = activity_form::mock_generate_submit_keys($fields);
        $data['activitydate'] = make_timestamp($fields['activitydate']['year'], $fields['activitydate']['month'],
            $fields['activitydate']['day']);
        return [$form->validation($data, []), 0];
    }

    public function test_an_activity_is_saved_with_a_calendar_date_and_decimal_hours(): void {
        global $DB;

        [$errors, $id] = $this->submit([]);

        $this->assertSame([], $errors);
        $row = $DB->get_record('local_cpdsync_activity', ['id' => $id]);
        $this->assertSame(['Kinship care conference', '2026-05-14', 'conference', '5.50', '2025-26', 0],
            [$row->title, $row->activitydate, $row->cpdtype, $row->hours, $row->year, (int) $row->deleted]);
    }

    public function test_hours_may_be_left_empty(): void {
        global $DB;

        [, $id] = $this->submit(['hours' => '']);

        $this->assertNull($DB->get_field('local_cpdsync_activity', 'hours', ['id' => $id]));
    }

    /**
     * Submissions the form refuses, and the field it names.
     *
     * @return array
     */
    public static function refused_provider(): array {
        return [
            'date before the year' => [['activitydate' => ['day' => 30, 'month' => 11, 'year' => 2025]], 'activitydate'],
            'date after today' => [['activitydate' => ['day' => 25, 'month' => 11, 'year' => 2026]], 'activitydate'],
            'no title' => [['title' => '  '], 'title'],
            'long title' => [['title' => str_repeat('t', 256)], 'title'],
            'negative hours' => [['hours' => '-1'], 'hours'],
            'words for hours' => [['hours' => 'six'], 'hours'],
            'too many hours' => [['hours' => '1001'], 'hours'],
            'unknown type' => [['cpdtype' => 'holiday'], 'cpdtype'],
            'long description' => [['description' => str_repeat('d', store::MAX_TEXT + 1)], 'description'],
        ];
    }

    /**
     * @dataProvider refused_provider
     * @param array $fields
     * @param string $field
     */
    public function test_bad_input_is_refused_on_its_field_and_saves_nothing(array $fields, string $field): void {
        global $DB;

        [$errors, $id] = $this->submit($fields);

        $this->assertArrayHasKey($field, $errors);
        $this->assertSame(0, $id);
        $this->assertSame(0, $DB->count_records('local_cpdsync_activity'));
    }

    public function test_changing_another_workers_activity_is_refused_and_changes_nothing(): void {
        global $DB;

        $other = $this->getDataGenerator()->create_user();
        $theirs = $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_activity($other->id);

        [$errors] = $this->submit(['title' => 'Mine now'], (int) $theirs->id);

        $this->assertSame(get_string('errorunknownpiece', 'local_cpdsync'), $errors['title']);
        $this->assertSame('Conference on kinship care', $DB->get_field('local_cpdsync_activity', 'title', ['id' => $theirs->id]));
    }

    public function test_changing_and_removing_my_activity_keeps_the_row_for_cpdsync(): void {
        global $DB;

        [, $id] = $this->submit([]);
        $this->submit(['title' => 'Kinship care conference, day 2'], $id);
        store::delete_activity((int) $this->worker->id, $id);

        $row = $DB->get_record('local_cpdsync_activity', ['id' => $id]);
        $this->assertSame(['Kinship care conference, day 2', 1], [$row->title, (int) $row->deleted]);
        $this->assertNull(store::get_activity((int) $this->worker->id, $id));
    }

    public function test_defaults_show_the_saved_activity(): void {
        $activity = $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_activity($this->worker->id);

        $defaults = activity_form::defaults($activity);

        $this->assertSame('2026-05-14', activity_form::date_text($defaults['activitydate']));
        $this->assertSame('5.5', $defaults['hours']);
    }
}
