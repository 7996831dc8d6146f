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

/**
 * Data generator for local_cpdsync: readiness snapshots as cpdsync pushes them, and what workers
 * save on the pages.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_cpdsync\local\snapshot;

defined('MOODLE_INTERNAL') || die();

/**
 * Data generator for local_cpdsync.
 *
 * @package    local_cpdsync
 * @category   test
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class local_cpdsync_generator extends component_generator_base {
    /**
     * A schema 1 snapshot for the 2025-26 year, as docs/moodle-plugin.md shows it: at risk, one of
     * two pieces reflected, a reflective practice group awaiting its peer reflection.
     *
     * @param array $overrides top-level keys to replace
     * @return array
     */
    public function snapshot_data(array $overrides = []): array {
        $data = [
            'schema' => 1,
            'computed_at' => '2026-11-22T09:00:00Z',
            'as_of' => '2026-11-22',
            'registration_year' => ['label' => '2025-26', 'start' => '2025-12-01', 'end' => '2026-11-30',
                'rules_provisional' => false, 'provisional_note' => null],
            'deadline' => '2026-11-30',
            'days_to_deadline' => 8,
            'worker' => ['name' => 'Jo Smith', 'email' => 'jo.smith@council.example', 'idnumber' => 'EMP0001',
                'swe_number' => 'SW123456', 'role' => 'child-and-family-sw', 'team' => 'Children North'],
            'status' => 'at_risk',
            'headline' => 'At risk: 8 days left to renew. 1 of the 2 pieces of CPD you need has your reflection.',
            'previous_year' => ['label' => '2024-25', 'outcome' => 'met'],
            'cpd' => ['activities' => 2, 'reflected' => 1, 'peer_reflected' => 0, 'required' => 2, 'peer_required' => 1],
            'gaps' => [
                ['code' => 'SWE_CPD_REFLECTION', 'severity' => 'statutory',
                    'message' => 'Write your reflection on the reflective practice group of 3 March.',
                    'entries' => [13], 'suggested_courses' => []],
                ['code' => 'SWE_PEER_REFLECTION', 'severity' => 'statutory',
                    'message' => 'You took part in a reflective practice group on 3 March: write up your peer reflection.',
                    'entries' => [13], 'suggested_courses' => [['id' => 999999, 'name' => 'A course that is not here',
                        'url' => 'https://elsewhere.example/course/view.php?id=999999']]],
            ],
            'entries' => [
                ['entryid' => 12, 'activityid' => 0, 'title' => 'Safeguarding adults level 3', 'date' => '2026-02-10',
                    'source' => 'moodle', 'courseid' => null, 'cpd_type' => 'training_course', 'hours' => 6.0,
                    'counts' => true, 'reflection' => 'submitted', 'peer' => 'none', 'prompts_peer' => false,
                    'needs' => '', 'learnt' => 'The new referral route.', 'impact' => 'Quicker referrals.',
                    'peer_reflection' => '', 'peer_role' => '', 'description' => 'Multi-agency safeguarding.'],
                ['entryid' => 13, 'activityid' => 0, 'title' => 'Reflective practice group', 'date' => '2026-03-03',
                    'source' => 'moodle', 'courseid' => null, 'cpd_type' => 'peer_discussion', 'hours' => 2,
                    'counts' => true, 'reflection' => 'none', 'peer' => 'none', 'prompts_peer' => true,
                    'needs' => 'Write what you learnt, the impact on your practice and your peer reflection.',
                    'learnt' => '', 'impact' => '', 'peer_reflection' => '', 'peer_role' => '', 'description' => ''],
            ],
            'renewal' => ['submitted' => false, 'steps' => ['Record your CPD on your SWE account',
                'Complete the renewal application', 'Pay the fee']],
        ];
        return array_replace($data, $overrides);
    }

    /**
     * Store a snapshot for a worker as push_readiness would, without the web-service layer.
     *
     * @param int $userid
     * @param array $overrides top-level snapshot keys to replace (see snapshot_data)
     * @return stdClass the local_cpdsync_snapshot row
     */
    public function create_snapshot(int $userid, array $overrides = []): stdClass {
        global $DB;

        $json = json_encode($this->snapshot_data($overrides));
        $data = snapshot::parse($json, $this->snapshot_data($overrides)['registration_year']['label']);
        $row = (object) [
            'userid' => $userid,
            'year' => $data['registration_year']['label'],
            'status' => $data['status'],
            'urgency' => snapshot::STATUSES[$data['status']],
            'daysleft' => $data['days_to_deadline'],
            'team' => $data['worker']['team'],
            'hash' => sha1($json),
            'snapshot' => $json,
            'computedat' => snapshot::timestamp($data['computed_at']),
            'timecreated' => time(),
            'timemodified' => time(),
        ];
        $row->id = $DB->insert_record('local_cpdsync_snapshot', $row);
        return $row;
    }

    /**
     * Store CPD a worker added.
     *
     * @param int $userid
     * @param array $fields columns to set
     * @return stdClass the row
     */
    public function create_activity(int $userid, array $fields = []): stdClass {
        global $DB;

        $row = (object) array_merge([
            'userid' => $userid,
            'year' => '2025-26',
            'title' => 'Conference on kinship care',
            'activitydate' => '2026-05-14',
            'cpdtype' => 'conference',
            'hours' => 5.5,
            'description' => 'Regional conference.',
            'deleted' => 0,
            'timecreated' => 1000,
            'timemodified' => 1000,
        ], $fields);
        $row->id = $DB->insert_record('local_cpdsync_activity', $row);
        return $row;
    }

    /**
     * Store a worker's reflection.
     *
     * @param int $userid
     * @param array $fields columns to set
     * @return stdClass the row
     */
    public function create_reflection(int $userid, array $fields = []): stdClass {
        global $DB;

        $row = (object) array_merge([
            'userid' => $userid,
            'year' => '2025-26',
            'entryid' => 13,
            'activityid' => 0,
            'status' => 'submitted',
            'learnt' => 'Listening first.',
            'impact' => 'Better visits.',
            'peerreflection' => 'My supervisor showed me another view.',
            'peerrole' => 'my supervisor',
            'recordedonswe' => 0,
            'peerrecordedonswe' => 0,
            'timecreated' => 1000,
            'timemodified' => 1000,
        ], $fields);
        $row->id = $DB->insert_record('local_cpdsync_reflection', $row);
        return $row;
    }

    /**
     * Store a worker's renewal declaration.
     *
     * @param int $userid
     * @param array $fields columns to set
     * @return stdClass the row
     */
    public function create_renewal(int $userid, array $fields = []): stdClass {
        global $DB;

        $row = (object) array_merge([
            'userid' => $userid,
            'year' => '2025-26',
            'submitted' => 1,
            'timecreated' => 1000,
            'timemodified' => 1000,
        ], $fields);
        $row->id = $DB->insert_record('local_cpdsync_renewal', $row);
        return $row;
    }
}
