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
 * Reflect on one piece of my CPD: what I learnt, the impact on my practice, a peer reflection,
 * and whether it is recorded on my SWE account. With view=copy: the finished record laid out
 * for copying into SWE's online form.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require_once(__DIR__ . '/../../config.php');

use local_cpdsync\form\reflection_form;
use local_cpdsync\local\access;
use local_cpdsync\local\pieces;
use local_cpdsync\local\store;
use local_cpdsync\output\display;
use local_cpdsync\output\reflect_page;
use local_cpdsync\output\swe_copy_page;

$entryid = optional_param('entryid', 0, PARAM_INT);
$activityid = optional_param('activityid', 0, PARAM_INT);
$year = optional_param('year', '', PARAM_ALPHANUMEXT);
$view = optional_param('view', '', PARAM_ALPHA);

require_login(null, false);
if (isguestuser()) {
    throw new moodle_exception('noguest');
}
access::require_own();

$params = $activityid ? ['activityid' => $activityid] : ['entryid' => $entryid, 'year' => $year];
$url = new moodle_url('/local/cpdsync/reflect.php', $params);
$PAGE->set_url($url);
$PAGE->set_context(context_user::instance($USER->id));
$PAGE->set_pagelayout('standard');
$PAGE->set_heading(fullname($USER));

$piece = pieces::find((int) $USER->id, $year, $entryid, $activityid);
$backurl = display::readiness_url((int) $USER->id, $piece['year'] ?? null);
$PAGE->navbar->add(get_string('myreadiness', 'local_cpdsync'), $backurl);

$form = new reflection_form($url, ['userid' => (int) $USER->id]);
if ($form->is_cancelled()) {
    redirect($backurl);
}
if ($reflection = $form->get_reflection()) {
    // The form checked that the piece is the worker's own; find it as submitted.
    $piece = pieces::find((int) $USER->id, $reflection->year, $reflection->entryid, $reflection->activityid);
    store::save_reflection((int) $USER->id, $piece, $reflection);
    $message = get_string($reflection->status === 'submitted' ? 'reflectionsubmitted' : 'reflectiondraftsaved',
        'local_cpdsync');
    redirect(display::readiness_url((int) $USER->id, $piece['year']), $message, null,
        \core\output\notification::NOTIFY_SUCCESS);
}
if (!$piece && !$form->is_submitted()) {
    throw new moodle_exception('errorunknownpiece', 'local_cpdsync', $backurl);
}

$saved = $piece ? store::get_reflection((int) $USER->id, $piece['entryid'], $piece['activityid']) : null;
$finished = $saved ? $saved->status === 'submitted'
    : in_array($piece['entry']['reflection'] ?? 'none', ['submitted', 'recorded_on_swe']);

if ($view === 'copy' && $piece && $finished) {
    $title = get_string('copyforswe', 'local_cpdsync');
    $PAGE->set_title($title);
    $PAGE->navbar->add($title);
    // A reflection written through cpdsync (by L&D on the worker's behalf) comes with the snapshot.
    $reflection = $saved ?? (object) [
        'learnt' => $piece['entry']['learnt'],
        'impact' => $piece['entry']['impact'],
        'peerreflection' => $piece['entry']['peer_reflection'],
        'peerrole' => $piece['entry']['peer_role'],
        'recordedonswe' => $piece['entry']['reflection'] === 'recorded_on_swe',
    ];
    echo $OUTPUT->header();
    echo $OUTPUT->heading($title);
    echo $PAGE->get_renderer('local_cpdsync')->render(new swe_copy_page($piece, $reflection, $backurl));
    echo $OUTPUT->footer();
    exit;
}

$title = get_string('reflecttitle', 'local_cpdsync');
$PAGE->set_title($piece ? $title . ': ' . $piece['title'] : $title);
$PAGE->navbar->add($title);
if ($piece && !$form->is_submitted()) {
    $form->set_data(reflection_form::defaults($piece, $saved));
}
$copyurl = ($piece && $finished) ? (new moodle_url($url, ['view' => 'copy']))->out(false) : null;

echo $OUTPUT->header();
echo $OUTPUT->heading($title);
if ($piece) {
    echo $PAGE->get_renderer('local_cpdsync')->render(new reflect_page($piece, $form->render(), $copyurl));
} else {
    $form->display();
}
echo $OUTPUT->footer();
