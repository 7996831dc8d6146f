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
 * My registration readiness: what cpdsync computed for me this year, and what I can do about it.
 * With ?userid= a line manager or the workforce team sees a worker's page, read-only.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require_once(__DIR__ . '/../../config.php');

use local_cpdsync\local\access;
use local_cpdsync\local\store;
use local_cpdsync\output\readiness_page;

$userid = optional_param('userid', 0, PARAM_INT);
$year = optional_param('year', '', PARAM_ALPHANUMEXT);

require_login(null, false);
if (isguestuser()) {
    throw new moodle_exception('noguest');
}
$userid = $userid ?: (int) $USER->id;
$own = $userid == $USER->id;

$params = [];
if (!$own) {
    $params['userid'] = $userid;
}
if ($year !== '') {
    $params['year'] = $year;
}
$PAGE->set_url(new moodle_url('/local/cpdsync/index.php', $params));

$worker = core_user::get_user($userid);
if (!$worker || $worker->deleted) {
    throw new moodle_exception('invaliduser');
}
access::require_view($userid);

$PAGE->set_context(context_user::instance($userid));
$PAGE->set_pagelayout('standard');
$title = $own ? get_string('myreadiness', 'local_cpdsync')
    : get_string('workerreadiness', 'local_cpdsync', fullname($worker));
$PAGE->set_title($title);
$PAGE->set_heading($own ? fullname($USER) : fullname($worker));
if (!$own && access::has_team()) {
    $PAGE->navbar->add(get_string('teamreadiness', 'local_cpdsync'), new moodle_url('/local/cpdsync/team.php'));
}
$PAGE->navbar->add($title);

$record = store::get_snapshot($userid, $year === '' ? null : $year);
$page = new readiness_page($worker, $record, $own, store::get_years($userid));

echo $OUTPUT->header();
echo $OUTPUT->heading($title);
echo $PAGE->get_renderer('local_cpdsync')->render($page);
echo $OUTPUT->footer();
