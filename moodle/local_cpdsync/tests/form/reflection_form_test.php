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

use local_cpdsync\local\pieces;
use local_cpdsync\local\store;

/**
 * Tests for the reflection form: what it accepts, what it refuses, and that a refused
 * submission saves nothing.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\form\reflection_form
 * @covers     \local_cpdsync\local\pieces
 * @covers     \local_cpdsync\local\store
 */
final class reflection_form_test extends \advanced_testcase {
    /** @var \stdClass the worker */
    private $worker;

    /**
     * A worker with the generator's snapshot (entries 12 and 13), logged in.
     */
    protected function setUp(): void {
        parent::setUp();
        $this->resetAfterTest();
        $this->worker = $this->getDataGenerator()->create_user();
        $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_snapshot($this->worker->id);
        $this->setUser($this->worker);
    }

    /**
     * Submit the form as the page does and save what it accepts.
     *
     * @param array $fields submitted values (a button name among them)
     * @return array the form's errors (empty when saved) and the saved row or null
     */
    private function submit(array $fields): array {
        reflection_form::mock_submit($fields + ['year' => '2025-26', 'entryid' => 13, 'activityid' => 0,
            'learnt' => '', 'impact' => '', 'peerreflection' => '', 'peerrole' => '', 'swe' => 'none']);
        $form = new reflection_form(null, ['userid' => (int) $this->worker->id]);
        $reflection = $form->get_reflection();
        if ($reflection) {
            $piece = pieces::find((int) $this->worker->id, $reflection->year, $reflection->entryid, $reflection->activityid);
            return [[], store::save_reflection((int) $this->worker->id, $piece, $reflection)];
        }
        $data = reflection_form::mock_generate_submit_keys($fields + ['year' => '2025-26', 'entryid' => 13,
            'activityid' => 0, 'learnt' => '', 'impact' => '', 'peerreflection' => '', 'peerrole' => '', 'swe' => 'none']);
        return [$form->validation($data, []), null];
    }

    /**
     * How many reflections are stored.
     *
     * @return int
     */
    private function stored(): int {
        global $DB;

        return $DB->count_records('local_cpdsync_reflection');
    }

    public function test_a_submitted_reflection_with_a_peer_reflection_is_saved(): void {
        [$errors, $row] = $this->submit(['submitbutton' => 1, 'learnt' => ' Listening first. ', 'impact' => 'Better visits.',
            'peerreflection' => 'My supervisor showed me another view.', 'peerrole' => 'my supervisor']);

        $this->assertSame([], $errors);
        $this->assertSame(['submitted', 'Listening first.', 13, 0, '2025-26', 0], [$row->status, $row->learnt,
            $row->entryid, $row->activityid, $row->year, $row->recordedonswe]);
        $this->assertSame(1, $this->stored());
    }

    public function test_saving_again_updates_the_same_row(): void {
        $this->submit(['savedraft' => 1, 'learnt' => 'First thoughts.']);
        [, $row] = $this->submit(['submitbutton' => 1, 'learnt' => 'Later thoughts.', 'impact' => 'Changed.']);

        $this->assertSame(['submitted', 'Later thoughts.'], [$row->status, $row->learnt]);
        $this->assertSame(1, $this->stored());
    }

    public function test_submitting_without_learnt_and_impact_is_refused_and_saves_nothing(): void {
        [$errors, $row] = $this->submit(['submitbutton' => 1]);

        $this->assertSame(['learnt', 'impact'], array_keys($errors));
        $this->assertSame(get_string('errorrequiredtosubmit', 'local_cpdsync'), $errors['learnt']);
        $this->assertNull($row);
        $this->assertSame(0, $this->stored());
    }

    public function test_a_draft_may_be_empty(): void {
        [$errors, $row] = $this->submit(['savedraft' => 1]);

        $this->assertSame([], $errors);
        $this->assertSame('draft', $row->status);
    }

    public function test_recorded_on_swe_may_be_submitted_without_texts(): void {
        [$errors, $row] = $this->submit(['submitbutton' => 1, 'swe' => 'recordedpeer']);

        $this->assertSame([], $errors);
        $this->assertSame(['submitted', 1, 1], [$row->status, $row->recordedonswe, $row->peerrecordedonswe]);
    }

    public function test_over_long_text_is_refused_even_in_a_draft(): void {
        [$errors, $row] = $this->submit(['savedraft' => 1, 'impact' => str_repeat('é', store::MAX_TEXT + 1),
            'peerrole' => str_repeat('r', store::MAX_SHORT + 1)]);

        $this->assertSame(['impact', 'peerrole'], array_keys($errors));
        $this->assertStringContainsString((string) (store::MAX_TEXT + 1), $errors['impact']);
        $this->assertNull($row);
        $this->assertSame(0, $this->stored());
    }

    public function test_a_peer_reflection_without_the_peers_role_is_refused(): void {
        [$errors] = $this->submit(['submitbutton' => 1, 'learnt' => 'a', 'impact' => 'b', 'peerreflection' => 'c']);

        $this->assertSame(['peerrole'], array_keys($errors));
    }

    public function test_an_answer_about_swe_that_is_not_a_choice_declares_nothing(): void {
        [$errors, $row] = $this->submit(['savedraft' => 1, 'swe' => 'maybe']);

        $this->assertSame([], $errors);
        $this->assertSame([0, 0], [(int) $row->recordedonswe, (int) $row->peerrecordedonswe]);
    }

    public function test_a_forged_entry_id_of_another_workers_snapshot_is_refused_and_saves_nothing(): void {
        $other = $this->getDataGenerator()->create_user();
        $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_snapshot($other->id, [
            'entries' => [['entryid' => 77, 'title' => 'Theirs', 'date' => '2026-01-05']],
        ]);

        [$errors, $row] = $this->submit(['submitbutton' => 1, 'entryid' => 77, 'learnt' => 'a', 'impact' => 'b']);

        $this->assertSame(get_string('errorunknownpiece', 'local_cpdsync'), $errors['learnt']);
        $this->assertNull($row);
        $this->assertSame(0, $this->stored());
    }

    public function test_a_forged_activity_id_of_another_worker_is_refused_and_saves_nothing(): void {
        $other = $this->getDataGenerator()->create_user();
        $activity = $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_activity($other->id);

        [$errors, $row] = $this->submit(['savedraft' => 1, 'entryid' => 0, 'activityid' => $activity->id]);

        $this->assertArrayHasKey('learnt', $errors);
        $this->assertNull($row);
        $this->assertSame(0, $this->stored());
    }

    public function test_a_reflection_on_an_activity_the_worker_added_is_keyed_by_the_activity(): void {
        $activity = $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_activity($this->worker->id);

        [$errors, $row] = $this->submit(['submitbutton' => 1, 'entryid' => 0, 'activityid' => $activity->id,
            'learnt' => 'a', 'impact' => 'b']);

        $this->assertSame([], $errors);
        $this->assertSame([0, (int) $activity->id], [(int) $row->entryid, (int) $row->activityid]);
    }

    public function test_an_entry_that_cpdsync_made_from_an_activity_resolves_to_the_activity(): void {
        $activity = $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_activity($this->worker->id);
        $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_snapshot($this->worker->id, [
            'registration_year' => ['label' => '2026-27', 'start' => '2026-12-01', 'end' => '2027-11-30'],
            'entries' => [['entryid' => 90, 'activityid' => (int) $activity->id, 'title' => 'Conference', 'date' => '2027-01-05']],
        ]);

        $piece = pieces::find((int) $this->worker->id, '2026-27', 90, 0);

        $this->assertSame([0, (int) $activity->id, '2025-26'], [$piece['entryid'], $piece['activityid'], $piece['year']]);
    }

    public function test_defaults_come_from_the_saved_reflection_else_from_the_snapshot(): void {
        $piece = pieces::find((int) $this->worker->id, '2025-26', 12, 0);
        $fromsnapshot = reflection_form::defaults($piece, null);
        $this->assertSame(['The new referral route.', 'Quicker referrals.', 'none'], [$fromsnapshot['learnt'],
            $fromsnapshot['impact'], $fromsnapshot['swe']]);

        $saved = (object) ['learnt' => 'Mine', 'impact' => 'Also mine', 'peerreflection' => '', 'peerrole' => '',
            'recordedonswe' => 1, 'peerrecordedonswe' => 0];
        $fromsaved = reflection_form::defaults($piece, $saved);
        $this->assertSame(['Mine', 'recorded', 12], [$fromsaved['learnt'], $fromsaved['swe'], $fromsaved['entryid']]);
    }
}
