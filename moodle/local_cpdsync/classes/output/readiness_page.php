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

use local_cpdsync\local\snapshot;
use local_cpdsync\local\store;
use moodle_url;
use renderable;
use renderer_base;
use stdClass;
use templatable;

/**
 * A worker's registration readiness for one year: what cpdsync computed, and what the worker
 * saved here since.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class readiness_page implements renderable, templatable {
    /**
     * Make one.
     *
     * @param stdClass $worker the worker's user record
     * @param stdClass|null $record their snapshot row for the year shown, or null when cpdsync has sent none
     * @param bool $own whether the worker is looking at their own page (else read-only)
     * @param string[] $years every year the worker has a snapshot for, latest first
     */
    public function __construct(
        /** @var stdClass the worker */
        protected stdClass $worker,
        /** @var stdClass|null the snapshot row */
        protected ?stdClass $record,
        /** @var bool own page */
        protected bool $own,
        /** @var string[] years */
        protected array $years
    ) {
    }

    /**
     * Data for local_cpdsync/readiness_page.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $data = [
            'own' => $this->own,
            'workername' => fullname($this->worker),
            'hassnapshot' => false,
        ];
        $snapshot = $this->record ? snapshot::from_record($this->record) : null;
        if (!$snapshot) {
            return $data;
        }
        $year = $this->record->year;
        $computedat = (int) $this->record->computedat;
        $reflections = store::get_reflections((int) $this->worker->id, $year);
        $titles = [];
        foreach ($snapshot['entries'] as $entry) {
            if ($entry['entryid'] > 0) {
                $titles[$entry['entryid']] = $entry['title'];
            }
        }

        $data['hassnapshot'] = true;
        $data['year'] = $year;
        $data['yeartext'] = get_string('yearlabel', 'local_cpdsync', (object) [
            'year' => $year,
            'start' => display::date($snapshot['registration_year']['start']),
            'end' => display::date($snapshot['registration_year']['end']),
        ]);
        $data['otheryears'] = [];
        foreach ($this->years as $other) {
            if ($other !== $year) {
                $data['otheryears'][] = ['label' => $other,
                    'url' => display::readiness_url((int) $this->worker->id, $other)->out(false)];
            }
        }
        $data['hasotheryears'] = !empty($data['otheryears']);
        $data['status'] = display::status($snapshot['status']);
        $data['headline'] = $snapshot['headline'];
        $data['deadline'] = display::date($snapshot['deadline']);
        $data['provisionalnote'] = $snapshot['registration_year']['rules_provisional']
            ? ($snapshot['registration_year']['provisional_note'] ?: get_string('provisionaldefault', 'local_cpdsync'))
            : '';
        $data['counts'] = get_string('countsline', 'local_cpdsync', (object) $snapshot['cpd']);
        $data['gaps'] = $this->gaps($snapshot['gaps'], $titles);
        $data['hasgaps'] = !empty($data['gaps']);
        $data['entries'] = $this->entries($snapshot['entries'], $reflections, $computedat, $year);
        $data['hasentries'] = !empty($data['entries']);
        $data['waiting'] = $this->waiting($snapshot['entries'], $year, $computedat, $reflections);
        $data['haswaiting'] = !empty($data['waiting']);
        $data['renewal'] = $this->renewal($snapshot, $year, $computedat);
        $data['updated'] = get_string('lastupdated', 'local_cpdsync', userdate($computedat));
        if ($snapshot['previous_year']) {
            $data['previousyear'] = get_string('previousyear', 'local_cpdsync', (object) [
                'label' => $snapshot['previous_year']['label'],
                'outcome' => get_string('outcome_' . $snapshot['previous_year']['outcome'], 'local_cpdsync'),
            ]);
        }
        if ($this->own) {
            $data['addurl'] = (new moodle_url('/local/cpdsync/add.php', ['year' => $year]))->out(false);
        }
        return $data;
    }

    /**
     * The gaps, in the snapshot's order (SWE_RENEWAL_MISSED first after a missed deadline).
     *
     * @param array $gaps
     * @param array $titles entry id => title
     * @return array
     */
    protected function gaps(array $gaps, array $titles): array {
        global $DB;

        $courseids = [];
        foreach ($gaps as $gap) {
            foreach ($gap['suggested_courses'] as $course) {
                $courseids[] = $course['id'];
            }
        }
        // Link only courses that exist here; the link is built here, never taken from the push.
        $existing = $courseids ? $DB->get_records_list('course', 'id', array_unique($courseids), '', 'id') : [];
        $out = [];
        foreach ($gaps as $gap) {
            $courses = [];
            foreach ($gap['suggested_courses'] as $course) {
                if (isset($existing[$course['id']])) {
                    $courses[] = ['name' => $course['name'],
                        'url' => (new moodle_url('/course/view.php', ['id' => $course['id']]))->out(false)];
                }
            }
            $entries = [];
            foreach ($gap['entries'] as $entryid) {
                if (isset($titles[$entryid])) {
                    $entries[] = ['title' => $titles[$entryid]];
                }
            }
            $out[] = [
                'code' => $gap['code'],
                'name' => display::gap_name($gap['code']),
                'message' => $gap['message'],
                'missed' => $gap['code'] === 'SWE_RENEWAL_MISSED',
                'courses' => $courses,
                'hascourses' => !empty($courses),
                'entries' => $entries,
                'hasentries' => !empty($entries),
            ] + display::severity($gap['severity']);
        }
        return $out;
    }

    /**
     * The year's pieces of CPD, with what each still needs and, on the worker's own page, what
     * they can do with it.
     *
     * @param array $entries
     * @param stdClass[] $reflections the worker's saved reflections, keyed "entryid:activityid"
     * @param int $computedat
     * @param string $year
     * @return array
     */
    protected function entries(array $entries, array $reflections, int $computedat, string $year): array {
        $out = [];
        foreach ($entries as $entry) {
            // A piece added here is named by its activity id, even once cpdsync has given it an entry id.
            $key = $entry['activityid'] > 0 ? '0:' . $entry['activityid'] : $entry['entryid'] . ':0';
            $params = $entry['activityid'] > 0 ? ['activityid' => $entry['activityid']]
                : ['entryid' => $entry['entryid'], 'year' => $year];
            $saved = $reflections[$key] ?? null;
            $item = [
                'title' => $entry['title'],
                'date' => display::date($entry['date']),
                'type' => display::cpd_type($entry['cpd_type']),
                'hours' => display::hours($entry['hours']),
                'counts' => $entry['counts'],
                'needs' => $entry['needs'],
                'reflectionlabel' => get_string('reflection_' . $entry['reflection'], 'local_cpdsync'),
                'reflectiondone' => in_array($entry['reflection'], ['submitted', 'recorded_on_swe']),
                'peerlabel' => ($entry['peer'] !== 'none' || $entry['prompts_peer'])
                    ? get_string('peer_' . $entry['peer'], 'local_cpdsync') : '',
                'peerdone' => $entry['peer'] !== 'none',
            ];
            if ($saved && (int) $saved->timemodified > $computedat) {
                $item['pending'] = get_string('pendingreflection', 'local_cpdsync', (object) [
                    'status' => get_string('reflectionstatus_' . $saved->status, 'local_cpdsync'),
                    'time' => userdate($saved->timemodified),
                ]);
            }
            if ($this->own) {
                $started = $saved || $entry['reflection'] !== 'none';
                $item['reflecturl'] = (new moodle_url('/local/cpdsync/reflect.php', $params))->out(false);
                $item['reflectlabel'] = get_string($started ? 'editreflection' : 'writereflection', 'local_cpdsync');
                $finished = $saved ? $saved->status === 'submitted' : $item['reflectiondone'];
                if ($finished) {
                    $item['copyurl'] = (new moodle_url('/local/cpdsync/reflect.php', $params + ['view' => 'copy']))->out(false);
                }
                if ($entry['activityid'] > 0) {
                    $item['changeurl'] = (new moodle_url('/local/cpdsync/add.php', ['id' => $entry['activityid']]))->out(false);
                }
            }
            $out[] = $item;
        }
        return $out;
    }

    /**
     * CPD the worker added here that cpdsync has not read yet.
     *
     * @param array $entries
     * @param string $year
     * @param int $computedat
     * @param stdClass[] $reflections
     * @return array
     */
    protected function waiting(array $entries, string $year, int $computedat, array $reflections): array {
        $known = [];
        foreach ($entries as $entry) {
            if ($entry['activityid'] > 0) {
                $known[$entry['activityid']] = true;
            }
        }
        $out = [];
        foreach (store::get_activities((int) $this->worker->id, $year) as $activity) {
            if (isset($known[$activity->id])) {
                continue;
            }
            $item = [
                'title' => $activity->title,
                'date' => display::date($activity->activitydate),
                'type' => display::cpd_type($activity->cpdtype),
                'hours' => display::hours($activity->hours === null ? null : (float) $activity->hours),
            ];
            if ($this->own) {
                $saved = $reflections['0:' . $activity->id] ?? null;
                $params = ['activityid' => $activity->id];
                $item['reflecturl'] = (new moodle_url('/local/cpdsync/reflect.php', $params))->out(false);
                $item['reflectlabel'] = get_string($saved ? 'editreflection' : 'writereflection', 'local_cpdsync');
                $item['changeurl'] = (new moodle_url('/local/cpdsync/add.php', ['id' => $activity->id]))->out(false);
                if ($saved && $saved->status === 'submitted') {
                    $item['copyurl'] = (new moodle_url('/local/cpdsync/reflect.php', $params + ['view' => 'copy']))->out(false);
                }
            }
            $out[] = $item;
        }
        return $out;
    }

    /**
     * The renewal steps and the worker's declaration.
     *
     * @param array $snapshot
     * @param string $year
     * @param int $computedat
     * @return array
     */
    protected function renewal(array $snapshot, string $year, int $computedat): array {
        $declared = store::get_renewal((int) $this->worker->id, $year);
        $submitted = $snapshot['renewal']['submitted'];
        $out = ['steps' => array_map(fn($s) => ['text' => $s], $snapshot['renewal']['steps'])];
        if ($declared && (int) $declared->timemodified > $computedat) {
            $submitted = (bool) $declared->submitted;
            $out['pending'] = get_string($submitted ? 'pendingsubmitted' : 'pendingwithdrawn', 'local_cpdsync',
                userdate($declared->timemodified));
        }
        $out['submitted'] = $submitted;
        $out['hassteps'] = !empty($out['steps']);
        if ($this->own && $snapshot['status'] !== 'exempt') {
            $action = $submitted ? 'withdraw' : 'submit';
            $out['action'] = [
                'url' => (new moodle_url('/local/cpdsync/renewal.php', ['year' => $year, 'action' => $action]))->out(false),
                'label' => get_string($submitted ? 'renewalwithdraw' : 'renewaldeclare', 'local_cpdsync'),
                'primary' => !$submitted,
            ];
        }
        return $out;
    }
}
