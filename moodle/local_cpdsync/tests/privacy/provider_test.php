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

namespace local_cpdsync\privacy;

use context_system;
use context_user;
use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;
use core_privacy\tests\provider_testcase;

/**
 * Tests for the privacy provider of local_cpdsync.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_cpdsync\privacy\provider
 */
final class provider_test extends provider_testcase {
    /**
     * A worker with a snapshot, a reflection, an activity and a renewal declaration, and a
     * second worker with a snapshot only.
     *
     * @return \stdClass[] the two workers
     */
    private function make_data(): array {
        $generator = $this->getDataGenerator();
        $cpdsync = $generator->get_plugin_generator('local_cpdsync');
        $jo = $generator->create_user();
        $sam = $generator->create_user();
        $cpdsync->create_snapshot($jo->id);
        $activity = $cpdsync->create_activity($jo->id);
        $cpdsync->create_reflection($jo->id, ['entryid' => 0, 'activityid' => $activity->id]);
        $cpdsync->create_renewal($jo->id);
        $cpdsync->create_snapshot($sam->id);
        return [$jo, $sam];
    }

    /**
     * How many rows each table holds for a user.
     *
     * @param int $userid
     * @return int[]
     */
    private function counts(int $userid): array {
        global $DB;

        $out = [];
        foreach (['snapshot', 'reflection', 'activity', 'renewal'] as $table) {
            $out[] = $DB->count_records('local_cpdsync_' . $table, ['userid' => $userid]);
        }
        return $out;
    }

    public function test_metadata_describes_every_table_and_what_cpdsync_reads(): void {
        $collection = provider::get_metadata(new collection('local_cpdsync'));

        $names = array_map(fn($item) => $item->get_name(), $collection->get_collection());
        $this->assertSame(['local_cpdsync_snapshot', 'local_cpdsync_reflection', 'local_cpdsync_activity',
            'local_cpdsync_renewal', 'cpdsync'], $names);
        foreach ($collection->get_collection() as $item) {
            $this->assertNotEmpty($item->get_privacy_fields());
        }
    }

    public function test_contexts_for_a_user_are_their_own_user_context_when_data_is_held(): void {
        $this->resetAfterTest();
        [$jo] = $this->make_data();
        $nobody = $this->getDataGenerator()->create_user();

        $this->assertSame([(int) context_user::instance($jo->id)->id],
            array_map('intval', provider::get_contexts_for_userid($jo->id)->get_contextids()));
        $this->assertSame([], provider::get_contexts_for_userid($nobody->id)->get_contextids());
    }

    public function test_users_in_context_is_the_user_of_that_user_context_only(): void {
        $this->resetAfterTest();
        [$jo] = $this->make_data();

        $userlist = new userlist(context_user::instance($jo->id), 'local_cpdsync');
        provider::get_users_in_context($userlist);
        $this->assertSame([(int) $jo->id], array_map('intval', $userlist->get_userids()));

        $system = new userlist(context_system::instance(), 'local_cpdsync');
        provider::get_users_in_context($system);
        $this->assertSame([], $system->get_userids());
    }

    public function test_export_writes_readiness_reflections_activities_and_renewals(): void {
        $this->resetAfterTest();
        [$jo] = $this->make_data();
        $context = context_user::instance($jo->id);

        $this->export_context_data_for_user($jo->id, $context, 'local_cpdsync');

        $writer = writer::with_context($context);
        $this->assertTrue($writer->has_any_data());
        $root = get_string('pluginname', 'local_cpdsync');
        $readiness = $writer->get_data([$root, get_string('privacy:path:readiness', 'local_cpdsync'), '2025-26']);
        $this->assertSame('at_risk', $readiness->status);
        $this->assertSame('Jo Smith', $readiness->readiness->worker->name);
        $reflections = $writer->get_data([$root, get_string('privacy:path:reflections', 'local_cpdsync')]);
        $this->assertSame('Listening first.', $reflections->reflections[0]['learnt']);
        $activities = $writer->get_data([$root, get_string('privacy:path:activities', 'local_cpdsync')]);
        $this->assertSame('Conference on kinship care', $activities->activities[0]['title']);
        $renewals = $writer->get_data([$root, get_string('privacy:path:renewals', 'local_cpdsync')]);
        $this->assertSame('2025-26', $renewals->renewals[0]['year']);
    }

    public function test_export_in_another_users_context_writes_nothing(): void {
        $this->resetAfterTest();
        [$jo, $sam] = $this->make_data();
        $context = context_user::instance($sam->id);

        provider::export_user_data(new approved_contextlist($jo, 'local_cpdsync', [$context->id]));

        $this->assertFalse(writer::with_context($context)->has_any_data());
    }

    public function test_delete_for_user_removes_only_their_data(): void {
        $this->resetAfterTest();
        [$jo, $sam] = $this->make_data();

        provider::delete_data_for_user(new approved_contextlist($jo, 'local_cpdsync',
            [context_user::instance($jo->id)->id, context_user::instance($sam->id)->id]));

        $this->assertSame([0, 0, 0, 0], $this->counts($jo->id));
        $this->assertSame([1, 0, 0, 0], $this->counts($sam->id));
    }

    public function test_delete_all_users_in_a_user_context_removes_that_users_data(): void {
        $this->resetAfterTest();
        [$jo, $sam] = $this->make_data();

        provider::delete_data_for_all_users_in_context(context_system::instance());
        $this->assertSame([1, 1, 1, 1], $this->counts($jo->id));

        provider::delete_data_for_all_users_in_context(context_user::instance($jo->id));
        $this->assertSame([0, 0, 0, 0], $this->counts($jo->id));
        $this->assertSame([1, 0, 0, 0], $this->counts($sam->id));
    }

    public function test_delete_for_users_removes_the_context_user_when_listed(): void {
        $this->resetAfterTest();
        [$jo, $sam] = $this->make_data();
        $context = context_user::instance($jo->id);

        provider::delete_data_for_users(new approved_userlist($context, 'local_cpdsync', [$sam->id]));
        $this->assertSame([1, 1, 1, 1], $this->counts($jo->id));

        provider::delete_data_for_users(new approved_userlist($context, 'local_cpdsync', [$jo->id, $sam->id]));
        $this->assertSame([0, 0, 0, 0], $this->counts($jo->id));
        $this->assertSame([1, 0, 0, 0], $this->counts($sam->id));
    }

    public function test_deleting_a_user_in_moodle_deletes_their_plugin_data(): void {
        $this->resetAfterTest();
        [$jo, $sam] = $this->make_data();

        delete_user($jo);

        $this->assertSame([0, 0, 0, 0], $this->counts($jo->id));
        $this->assertSame([1, 0, 0, 0], $this->counts($sam->id));
    }
}
