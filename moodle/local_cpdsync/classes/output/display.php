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
use moodle_url;

/**
 * Words, styles and dates the pages share, so a status reads the same everywhere.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class display {
    /** Badge classes per status: every badge also carries the status in words. */
    private const STATUS_CLASSES = [
        'missed' => 'bg-danger text-white',
        'at_risk' => 'bg-danger text-white',
        'in_progress' => 'bg-warning text-dark',
        'ready' => 'bg-success text-white',
        'submitted' => 'bg-success text-white',
        'exempt' => 'bg-secondary text-dark',
    ];

    /** Alert classes per gap severity. */
    private const SEVERITY_CLASSES = [
        'statutory' => 'alert-danger',
        'renewal' => 'alert-warning',
        'local' => 'alert-info',
        'info' => 'alert-secondary',
    ];

    /**
     * A status for a template: its words and its badge class.
     *
     * @param string $status
     * @return array code, label, badgeclass
     */
    public static function status(string $status): array {
        return [
            'code' => $status,
            'label' => get_string('status_' . $status, 'local_cpdsync'),
            'badgeclass' => self::STATUS_CLASSES[$status] ?? 'bg-secondary text-dark',
        ];
    }

    /**
     * The short name of a gap code (for the team page), or the code itself when unknown.
     *
     * @param string $code
     * @return string
     */
    public static function gap_name(string $code): string {
        $key = 'gap_' . strtolower($code);
        return get_string_manager()->string_exists($key, 'local_cpdsync') ? get_string($key, 'local_cpdsync') : $code;
    }

    /**
     * Severity words and alert class.
     *
     * @param string $severity
     * @return array severitylabel, alertclass
     */
    public static function severity(string $severity): array {
        return [
            'severitylabel' => get_string('severity_' . $severity, 'local_cpdsync'),
            'alertclass' => self::SEVERITY_CLASSES[$severity] ?? 'alert-secondary',
        ];
    }

    /**
     * A calendar date (YYYY-MM-DD) as the user's language writes it, without moving it across time zones.
     *
     * @param string $date
     * @return string
     */
    public static function date(string $date): string {
        $time = \DateTimeImmutable::createFromFormat('!Y-m-d', $date, new \DateTimeZone('UTC'));
        if (!$time) {
            return $date;
        }
        return userdate($time->getTimestamp(), get_string('strftimedate', 'langconfig'), 'UTC');
    }

    /**
     * A CPD type in words.
     *
     * @param string $type
     * @return string
     */
    public static function cpd_type(string $type): string {
        $key = 'cpdtype_' . $type;
        return ($type !== '' && get_string_manager()->string_exists($key, 'local_cpdsync'))
            ? get_string($key, 'local_cpdsync') : $type;
    }

    /**
     * Hours, as a number with at most two decimals, or '' when not given.
     *
     * @param float|null $hours
     * @return string
     */
    public static function hours(?float $hours): string {
        return $hours === null ? '' : format_float($hours, 2, true, true);
    }

    /**
     * Days left in words ("8 days left", "deadline today", "3 days after the deadline").
     *
     * @param int $days
     * @return string
     */
    public static function days(int $days): string {
        if ($days > 1) {
            return get_string('daysleft', 'local_cpdsync', $days);
        }
        if ($days === 1) {
            return get_string('dayleft', 'local_cpdsync');
        }
        if ($days === 0) {
            return get_string('deadlinetoday', 'local_cpdsync');
        }
        return get_string('dayspast', 'local_cpdsync', -$days);
    }

    /**
     * The worker's readiness page.
     *
     * @param int $userid
     * @param string|null $year
     * @return moodle_url
     */
    public static function readiness_url(int $userid, ?string $year = null): moodle_url {
        global $USER;

        $params = [];
        if ($userid != $USER->id) {
            $params['userid'] = $userid;
        }
        if ($year !== null) {
            $params['year'] = $year;
        }
        return new moodle_url('/local/cpdsync/index.php', $params);
    }

    /**
     * Whether a status is one of snapshot's statuses (guards stored text before display).
     *
     * @param string $status
     * @return bool
     */
    public static function known_status(string $status): bool {
        return isset(snapshot::STATUSES[$status]);
    }
}
