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
 * My team's registration readiness: the workers I may see, most urgent first, on one printable
 * page, with a download through Moodle's data formats.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require_once(__DIR__ . '/../../config.php');

use local_cpdsync\local\access;
use local_cpdsync\local\team;
use local_cpdsync\output\display;
use local_cpdsync\output\team_page;

$year = optional_param('year', '', PARAM_ALPHANUMEXT);
$teamname = optional_param('team', '', PARAM_TEXT);
$download = optional_param('download', '', PARAM_ALPHA);

require_login(null, false);
if (isguestuser()) {
    throw new moodle_exception('noguest');
}
$context = context_system::instance();
$userids = access::team_member_ids();
if ($userids === []) {
    // Neither viewall nor viewothers on anybody: Moodle's own "no permission" page.
    require_capability(access::VIEWALL, $context);
}
$viewall = $userids === null;

$years = team::years($userids);
if ($year === '' || !in_array($year, $years, true)) {
    $year = $years[0] ?? '';
}
$teams = ($viewall && $year !== '') ? team::teams(null, $year) : [];
if (!in_array($teamname, $teams, true)) {
    $teamname = '';
}
$params = array_filter(['year' => $year, 'team' => $teamname]);
$PAGE->set_url(new moodle_url('/local/cpdsync/team.php', $params));
$PAGE->set_context($context);
$PAGE->set_pagelayout('report');
$title = get_string('teamreadiness', 'local_cpdsync');
$PAGE->set_title($year === '' ? $title : "$title: $year");
$PAGE->set_heading($title);
$PAGE->navbar->add($title);

$rows = $year === '' ? [] : team::rows($userids, $year, $teamname);

if ($download !== '' && $year !== '') {
    $columns = [
        'name' => get_string('name'),
        'email' => get_string('email'),
        'idnumber' => get_string('idnumber'),
        'team' => get_string('team', 'local_cpdsync'),
        'role' => get_string('role', 'local_cpdsync'),
        'status' => get_string('status', 'local_cpdsync'),
        'daysleft' => get_string('daysleftcolumn', 'local_cpdsync'),
        'activities' => get_string('pieces', 'local_cpdsync'),
        'reflected' => get_string('reflected', 'local_cpdsync'),
        'required' => get_string('required', 'local_cpdsync'),
        'peerreflected' => get_string('peerreflected', 'local_cpdsync'),
        'peerrequired' => get_string('peerrequired', 'local_cpdsync'),
        'statutorygaps' => get_string('statutorygaps', 'local_cpdsync'),
        'updated' => get_string('updatedcolumn', 'local_cpdsync'),
    ];
    // Email and ID number only for those Moodle lets see user identity, as on its own reports.
    $identity = has_capability('moodle/site:viewuseridentity', $context);
    if (!$identity) {
        unset($columns['email'], $columns['idnumber']);
    }
    $filename = clean_filename('cpdsync-readiness-' . $year . ($teamname === '' ? '' : '-' . $teamname));
    \core\dataformat::download_data($filename, $download, $columns, $rows, function($row) use ($columns) {
        return array_intersect_key([
            'name' => fullname($row),
            'email' => $row->email,
            'idnumber' => $row->idnumber,
            'team' => $row->team,
            'role' => $row->role,
            'status' => get_string('status_' . $row->status, 'local_cpdsync'),
            'daysleft' => (int) $row->daysleft,
            'activities' => $row->cpd['activities'] ?? 0,
            'reflected' => $row->cpd['reflected'] ?? 0,
            'required' => $row->cpd['required'] ?? 0,
            'peerreflected' => $row->cpd['peer_reflected'] ?? 0,
            'peerrequired' => $row->cpd['peer_required'] ?? 0,
            'statutorygaps' => implode('; ', array_map([display::class, 'gap_name'], $row->statutory)),
            'updated' => gmdate('Y-m-d\TH:i:s\Z', (int) $row->computedat),
        ], $columns);
    });
    exit;
}

$selector = $rows ? $OUTPUT->download_dataformat_selector(get_string('downloadas', 'table'),
    new moodle_url('/local/cpdsync/team.php'), 'download', $params) : '';
$page = new team_page($rows, $year, $years, $teams, $teamname, $selector);

echo $OUTPUT->header();
echo $OUTPUT->heading($year === '' ? $title : get_string('teamreadinessyear', 'local_cpdsync', $year));
echo $PAGE->get_renderer('local_cpdsync')->render($page);
echo $OUTPUT->footer();
