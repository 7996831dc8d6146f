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
 * Add CPD I did outside Moodle (title, date, type, hours, description), change it or remove it;
 * then reflect on it.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require_once(__DIR__ . '/../../config.php');

use local_cpdsync\form\activity_form;
use local_cpdsync\local\access;
use local_cpdsync\local\snapshot;
use local_cpdsync\local\store;
use local_cpdsync\output\display;

$id = optional_param('id', 0, PARAM_INT);
$year = optional_param('year', '', PARAM_ALPHANUMEXT);
$delete = optional_param('delete', 0, PARAM_BOOL);
$confirm = optional_param('confirm', 0, PARAM_BOOL);

require_login(null, false);
if (isguestuser()) {
    throw new moodle_exception('noguest');
}
access::require_own();

$params = $id ? ['id' => $id] : ($year !== '' ? ['year' => $year] : []);
$url = new moodle_url('/local/cpdsync/add.php', $params);
$PAGE->set_url($url);
$PAGE->set_context(context_user::instance($USER->id));
$PAGE->set_pagelayout('standard');
$PAGE->set_heading(fullname($USER));

$activity = null;
if ($id) {
    $activity = store::get_activity((int) $USER->id, $id);
    if (!$activity) {
        throw new moodle_exception('errorunknownpiece', 'local_cpdsync', display::readiness_url((int) $USER->id));
    }
    $year = $activity->year;
}
// CPD is added to a year cpdsync has sent readiness for: the snapshot holds the year's dates.
$record = store::get_snapshot((int) $USER->id, $year === '' ? null : $year);
$data = $record ? snapshot::from_record($record) : null;
if (!$data) {
    throw new moodle_exception('errornosnapshot', 'local_cpdsync');
}
$year = $record->year;
$backurl = display::readiness_url((int) $USER->id, $year);
$PAGE->navbar->add(get_string('myreadiness', 'local_cpdsync'), $backurl);

if ($delete && $activity) {
    $title = get_string('activityremove', 'local_cpdsync');
    if ($confirm) {
        require_sesskey();
        store::delete_activity((int) $USER->id, (int) $activity->id);
        redirect($backurl, get_string('activityremoved', 'local_cpdsync', $activity->title), null,
            \core\output\notification::NOTIFY_SUCCESS);
    }
    $PAGE->set_title($title);
    $PAGE->navbar->add($title);
    echo $OUTPUT->header();
    echo $OUTPUT->heading($title);
    echo $OUTPUT->confirm(
        get_string('activityremoveconfirm', 'local_cpdsync', s($activity->title)),
        new single_button(new moodle_url($url, ['delete' => 1, 'confirm' => 1]), get_string('activityremove', 'local_cpdsync'),
            'post', single_button::BUTTON_DANGER),
        $backurl
    );
    echo $OUTPUT->footer();
    exit;
}

$today = activity_form::date_text(time());
$form = new activity_form($url, [
    'userid' => (int) $USER->id,
    'start' => $data['registration_year']['start'],
    'end' => $data['registration_year']['end'],
    'today' => $today,
]);
if ($form->is_cancelled()) {
    redirect($backurl);
}
if ($saved = $form->get_activity()) {
    $newid = store::save_activity((int) $USER->id, $year, $saved, $activity ? (int) $activity->id : 0);
    redirect(new moodle_url('/local/cpdsync/reflect.php', ['activityid' => $newid]),
        get_string('activitysaved', 'local_cpdsync'), null, \core\output\notification::NOTIFY_SUCCESS);
}
if ($activity) {
    $form->set_data(activity_form::defaults($activity));
} else {
    $form->set_data(['year' => $year, 'activitydate' => time()]);
}

$title = get_string($activity ? 'activitychange' : 'activityadd', 'local_cpdsync');
$PAGE->set_title($title);
$PAGE->navbar->add($title);
echo $OUTPUT->header();
echo $OUTPUT->heading($title);
echo html_writer::tag('p', get_string($activity ? 'activitychangeintro' : 'activityaddintro', 'local_cpdsync',
    (object) ['year' => $year, 'start' => display::date($data['registration_year']['start']),
        'end' => display::date($data['registration_year']['end'])]));
$form->display();
if ($activity) {
    echo $OUTPUT->single_button(new moodle_url($url, ['delete' => 1]), get_string('activityremove', 'local_cpdsync'), 'get',
        ['type' => single_button::BUTTON_DANGER]);
}
echo $OUTPUT->footer();
