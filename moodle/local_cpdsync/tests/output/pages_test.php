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

namespace local_cpdsync\output;

use local_cpdsync\local\store;
use local_cpdsync\local\team;

/**
 * Tests for what the pages show: they render cpdsync's snapshot, never compute a status, and
 * mark what the worker saved since.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\output\readiness_page
 * @covers     \local_cpdsync\output\team_page
 * @covers     \local_cpdsync\output\swe_copy_page
 * @covers     \local_cpdsync\output\display
 */
final class pages_test extends \advanced_testcase {
    /**
     * Export and render a readiness page.
     *
     * @param \stdClass $worker
     * @param bool $own
     * @return array the template data and the HTML
     */
    private function readiness(\stdClass $worker, bool $own): array {
        global $PAGE;

        $page = new readiness_page($worker, store::get_snapshot((int) $worker->id), $own, store::get_years((int) $worker->id));
        $renderer = $PAGE->get_renderer('local_cpdsync');
        return [$page->export_for_template($renderer), $renderer->render($page)];
    }

    public function test_a_worker_sees_status_in_words_gaps_entries_and_their_actions(): void {
        $this->resetAfterTest();
        $jo = $this->getDataGenerator()->create_user();
        $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_snapshot($jo->id);
        $this->setUser($jo);

        [$data, $html] = $this->readiness($jo, true);

        $this->assertSame(['at_risk', 'At risk'], [$data['status']['code'], $data['status']['label']]);
        $this->assertSame(['SWE_CPD_REFLECTION', 'SWE_PEER_REFLECTION'], array_column($data['gaps'], 'code'));
        $this->assertSame([], $data['gaps'][1]['courses'], 'a course that is not on this site is not linked');
        $this->assertSame([['title' => 'Reflective practice group']], $data['gaps'][0]['entries']);
        $this->assertStringContainsString('reflect.php?entryid=13', $data['entries'][1]['reflecturl']);
        $this->assertStringContainsString('view=copy', $data['entries'][0]['copyurl']);
        $this->assertArrayNotHasKey('copyurl', $data['entries'][1]);
        $this->assertStringContainsString('add.php', $data['addurl']);
        $this->assertStringContainsString('At risk', $html);
        $this->assertStringContainsString('Last updated by cpdsync', $html);
    }

    public function test_a_managers_view_is_read_only(): void {
        $this->resetAfterTest();
        $jo = $this->getDataGenerator()->create_user();
        $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_snapshot($jo->id);
        $this->setAdminUser();

        [$data, $html] = $this->readiness($jo, false);

        $this->assertArrayNotHasKey('addurl', $data);
        $this->assertArrayNotHasKey('reflecturl', $data['entries'][1]);
        $this->assertArrayNotHasKey('action', $data['renewal']);
        $this->assertStringNotContainsString('reflect.php', $html);
        $this->assertStringContainsString(get_string('readonlynote', 'local_cpdsync', fullname($jo)), $html);
    }

    public function test_after_a_missed_deadline_the_missed_gap_leads_as_cpdsync_ordered_it(): void {
        $this->resetAfterTest();
        $jo = $this->getDataGenerator()->create_user();
        $this->getDataGenerator()->get_plugin_generator('local_cpdsync')->create_snapshot($jo->id, [
            'status' => 'missed', 'days_to_deadline' => -1,
            'gaps' => [
                ['code' => 'SWE_RENEWAL_MISSED', 'severity' => 'statutory',
                    'message' => 'You did not renew by 30 November: do not practise; contact Social Work England.'],
                ['code' => 'SWE_CPD_COUNT', 'severity' => 'statutory', 'message' => 'Add one more piece.'],
            ],
        ]);
        $this->setUser($jo);

        [$data, $html] = $this->readiness($jo, true);

        $this->assertSame(['SWE_RENEWAL_MISSED', 'SWE_CPD_COUNT'], array_column($data['gaps'], 'code'));
        $this->assertTrue($data['gaps'][0]['missed']);
        $this->assertStringContainsString('role="alert"', $html);
        $this->assertSame('Deadline missed', $data['status']['label']);
    }

    public function test_input_saved_after_the_snapshot_is_marked_as_counting_after_the_next_sync(): void {
        $this->resetAfterTest();
        $jo = $this->getDataGenerator()->create_user();
        $cpdsync = $this->getDataGenerator()->get_plugin_generator('local_cpdsync');
        $snapshot = $cpdsync->create_snapshot($jo->id);
        $cpdsync->create_reflection($jo->id, ['entryid' => 13, 'timemodified' => $snapshot->computedat + 60]);
        $cpdsync->create_reflection($jo->id, ['entryid' => 12, 'timemodified' => $snapshot->computedat - 60]);
        $cpdsync->create_activity($jo->id, ['title' => 'Added after', 'timemodified' => $snapshot->computedat + 60]);
        $cpdsync->create_renewal($jo->id, ['timemodified' => $snapshot->computedat + 60]);
        $this->setUser($jo);

        [$data] = $this->readiness($jo, true);

        $this->assertArrayHasKey('pending', $data['entries'][1]);
        $this->assertArrayNotHasKey('pending', $data['entries'][0]);
        $this->assertSame(['Added after'], array_column($data['waiting'], 'title'));
        $this->assertTrue($data['renewal']['submitted']);
        $this->assertStringContainsString('next cpdsync update', $data['renewal']['pending']);
        $this->assertSame(get_string('renewalwithdraw', 'local_cpdsync'), $data['renewal']['action']['label']);
    }

    public function test_a_user_without_a_snapshot_gets_a_notice_and_nothing_else(): void {
        $this->resetAfterTest();
        $nobody = $this->getDataGenerator()->create_user();
        $this->setUser($nobody);

        [$data, $html] = $this->readiness($nobody, true);

        $this->assertFalse($data['hassnapshot']);
        $this->assertStringContainsString(get_string('nosnapshotown', 'local_cpdsync'), $html);
    }

    public function test_the_team_page_names_statutory_gaps_and_counts_by_status(): void {
        global $PAGE;

        $this->resetAfterTest();
        $cpdsync = $this->getDataGenerator()->get_plugin_generator('local_cpdsync');
        $cpdsync->create_snapshot($this->getDataGenerator()->create_user()->id);
        $cpdsync->create_snapshot($this->getDataGenerator()->create_user()->id, ['status' => 'ready', 'gaps' => []]);
        $this->setAdminUser();

        $page = new team_page(team::rows(null, '2025-26'), '2025-26', ['2025-26'], ['Children North'], '', '');
        $data = $page->export_for_template($PAGE->get_renderer('local_cpdsync'));
        $html = $PAGE->get_renderer('local_cpdsync')->render($page);

        $this->assertSame(['At risk', 'Ready to renew'], array_column(array_column($data['workers'], 'status'), 'label'));
        $this->assertSame(['Reflection missing', 'Peer reflection missing'], array_column($data['workers'][0]['gaps'], 'name'));
        $this->assertSame([1, 1], array_column($data['summary'], 'count'));
        $this->assertSame(['1 of 2', '8 days left'], [$data['workers'][0]['reflected'], $data['workers'][0]['days']]);
        $this->assertStringContainsString('data-label="Status"', $html);
    }

    public function test_the_swe_copy_view_lists_the_confirmed_fields_and_marks_the_title_a_suggestion(): void {
        global $PAGE;

        $this->resetAfterTest();
        $piece = ['title' => 'Reflective practice group', 'date' => '2026-03-03', 'cpd_type' => 'peer_discussion',
            'description' => '', 'hours' => null, 'entry' => null];
        $reflection = (object) ['learnt' => 'Listen first.', 'impact' => 'Calmer visits.', 'peerreflection' => 'A new view.',
            'peerrole' => 'my supervisor', 'recordedonswe' => 0];

        $data = (new swe_copy_page($piece, $reflection, new \moodle_url('/local/cpdsync/index.php')))
            ->export_for_template($PAGE->get_renderer('local_cpdsync'));

        $this->assertSame(['title', 'date', 'type', 'description', 'learnt', 'impact', 'peer'],
            array_column($data['fields'], 'key'));
        $this->assertTrue($data['fields'][0]['suggestion']);
        $this->assertTrue($data['fields'][3]['empty']);
        $this->assertSame('Discussed with my supervisor: A new view.', $data['fields'][6]['value']);
    }
}
