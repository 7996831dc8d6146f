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
 * Declare my renewal submitted for a registration year, or withdraw that declaration, after
 * confirming.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require_once(__DIR__ . '/../../config.php');

use local_cpdsync\local\access;
use local_cpdsync\local\store;
use local_cpdsync\output\display;

$year = required_param('year', PARAM_ALPHANUMEXT);
$action = required_param('action', PARAM_ALPHA);
$confirm = optional_param('confirm', 0, PARAM_BOOL);

require_login(null, false);
if (isguestuser()) {
    throw new moodle_exception('noguest');
}
access::require_own();
if (!in_array($action, ['submit', 'withdraw'], true)) {
    throw new moodle_exception('invalidparameter', 'debug');
}

$url = new moodle_url('/local/cpdsync/renewal.php', ['year' => $year, 'action' => $action]);
$PAGE->set_url($url);
$PAGE->set_context(context_user::instance($USER->id));
$PAGE->set_pagelayout('standard');
$PAGE->set_heading(fullname($USER));

if (!store::get_snapshot((int) $USER->id, $year)) {
    throw new moodle_exception('errornosnapshot', 'local_cpdsync');
}
$backurl = display::readiness_url((int) $USER->id, $year);
$submit = $action === 'submit';

if ($confirm) {
    require_sesskey();
    store::declare_renewal((int) $USER->id, $year, $submit);
    redirect($backurl, get_string($submit ? 'renewaldeclared' : 'renewalwithdrawn', 'local_cpdsync'), null,
        \core\output\notification::NOTIFY_SUCCESS);
}

$title = get_string($submit ? 'renewaldeclare' : 'renewalwithdraw', 'local_cpdsync');
$PAGE->set_title($title);
$PAGE->navbar->add(get_string('myreadiness', 'local_cpdsync'), $backurl);
$PAGE->navbar->add($title);
echo $OUTPUT->header();
echo $OUTPUT->heading($title);
echo $OUTPUT->confirm(
    get_string($submit ? 'renewaldeclareconfirm' : 'renewalwithdrawconfirm', 'local_cpdsync', $year),
    new single_button(new moodle_url($url, ['confirm' => 1]), $title, 'post',
        $submit ? single_button::BUTTON_PRIMARY : single_button::BUTTON_DANGER),
    $backurl
);
echo $OUTPUT->footer();
