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

use moodle_url;
use renderable;
use renderer_base;
use templatable;

/**
 * The team page: the workers the current user may see, most urgent first, on one printable page.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class team_page implements renderable, templatable {
    /**
     * Make one.
     *
     * @param array $rows from local\team::rows
     * @param string $year the year shown ('' when nobody has a snapshot)
     * @param string[] $years years to choose from
     * @param string[] $teams teams to filter by (only offered with viewall)
     * @param string $teamname the team filter, or ''
     * @param string $download the download selector's HTML
     */
    public function __construct(
        /** @var array rows */
        protected array $rows,
        /** @var string year */
        protected string $year,
        /** @var string[] years */
        protected array $years,
        /** @var string[] teams */
        protected array $teams,
        /** @var string team filter */
        protected string $teamname,
        /** @var string download selector */
        protected string $download
    ) {
    }

    /**
     * Data for local_cpdsync/team_page.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $counts = [];
        $workers = [];
        foreach ($this->rows as $row) {
            $status = display::status($row->status);
            $counts[$row->status] = ($counts[$row->status] ?? 0) + 1;
            $cpd = $row->cpd;
            $workers[] = [
                'name' => fullname($row),
                'url' => display::readiness_url((int) $row->userid, $this->year)->out(false),
                'team' => $row->team,
                'status' => $status,
                'days' => display::days((int) $row->daysleft),
                'reflected' => get_string('xofy', 'local_cpdsync',
                    (object) ['x' => $cpd['reflected'] ?? 0, 'y' => $cpd['required'] ?? 0]),
                'peer' => get_string('xofy', 'local_cpdsync',
                    (object) ['x' => $cpd['peer_reflected'] ?? 0, 'y' => $cpd['peer_required'] ?? 0]),
                'gaps' => array_map(fn($code) => ['name' => display::gap_name($code)], $row->statutory),
                'hasgaps' => !empty($row->statutory),
            ];
        }
        $summary = [];
        foreach (array_keys(\local_cpdsync\local\snapshot::STATUSES) as $status) {
            if (!empty($counts[$status])) {
                $summary[] = display::status($status) + ['count' => $counts[$status]];
            }
        }
        $baseurl = new moodle_url('/local/cpdsync/team.php');
        return [
            'year' => $this->year,
            'hasyear' => $this->year !== '',
            'workers' => $workers,
            'hasworkers' => !empty($workers),
            'count' => count($workers),
            'summary' => $summary,
            'filter' => [
                'action' => $baseurl->out(false),
                'years' => array_map(fn($y) => ['value' => $y, 'selected' => $y === $this->year], $this->years),
                'hasteams' => !empty($this->teams),
                'teams' => array_map(fn($t) => ['value' => $t, 'selected' => $t === $this->teamname], $this->teams),
            ],
            'teamname' => $this->teamname,
            'download' => $this->download,
        ];
    }
}
