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

namespace local_cpdsync\local;

use context_system;
use context_user;
use required_capability_exception;

/**
 * Who may do what: the integration user, a worker on their own page, a line manager, the
 * workforce team.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class access {
    /** The integration user's capability; guards every web-service function. */
    public const SYNC = 'local/cpdsync:sync';

    /** Version 1.0's read capability, still accepted by the read functions. */
    public const VIEWCOMPLETIONS = 'local/cpdsync:viewcompletions';

    /** See and act on my own readiness, in my user context. */
    public const VIEWOWN = 'local/cpdsync:viewown';

    /** See one worker's readiness, in that worker's user context. */
    public const VIEWOTHERS = 'local/cpdsync:viewothers';

    /** See every worker's readiness, in the system context. */
    public const VIEWALL = 'local/cpdsync:viewall';

    /**
     * Require the integration capability for a read function: local/cpdsync:sync, or the
     * version 1.0 capability a site may still grant instead.
     *
     * @param context_system $context the validated system context
     * @throws required_capability_exception naming local/cpdsync:sync
     */
    public static function require_sync_read(context_system $context): void {
        if (!has_any_capability([self::SYNC, self::VIEWCOMPLETIONS], $context)) {
            throw new required_capability_exception($context, self::SYNC, 'nopermissions', '');
        }
    }

    /**
     * Whether the current user may see this worker's readiness.
     *
     * @param int $workerid the worker
     * @return bool
     */
    public static function can_view(int $workerid): bool {
        global $USER;

        $context = context_user::instance($workerid, IGNORE_MISSING);
        if (!$context) {
            return false;
        }
        if ($workerid == $USER->id) {
            return has_capability(self::VIEWOWN, $context);
        }
        return has_capability(self::VIEWALL, context_system::instance())
            || has_capability(self::VIEWOTHERS, $context);
    }

    /**
     * Stop with Moodle's "no permission" page unless the current user may see this worker.
     *
     * @param int $workerid the worker
     * @throws required_capability_exception
     */
    public static function require_view(int $workerid): void {
        global $USER;

        if (self::can_view($workerid)) {
            return;
        }
        $context = context_user::instance($workerid, IGNORE_MISSING) ?: context_system::instance();
        $capability = ($workerid == $USER->id) ? self::VIEWOWN : self::VIEWOTHERS;
        throw new required_capability_exception($context, $capability, 'nopermissions', '');
    }

    /**
     * Stop unless the current user may change their own readiness input (only ever their own).
     *
     * @throws required_capability_exception
     */
    public static function require_own(): void {
        global $USER;

        require_capability(self::VIEWOWN, context_user::instance($USER->id));
    }

    /**
     * The workers whose readiness the current user may see on the team page.
     *
     * Everyone with viewall; otherwise the users in whose user context the current user holds a
     * role giving viewothers (Moodle's "assign roles relative to this user", as the mentees
     * block reads it). The current user is left out: their own page is index.php.
     *
     * @return int[]|null user ids, or null for every worker
     */
    public static function team_member_ids(): ?array {
        global $DB, $USER;

        if (has_capability(self::VIEWALL, context_system::instance())) {
            return null;
        }
        $sql = "SELECT DISTINCT ctx.instanceid
                  FROM {role_assignments} ra
                  JOIN {context} ctx ON ctx.id = ra.contextid AND ctx.contextlevel = :userlevel
                 WHERE ra.userid = :viewer AND ctx.instanceid <> :self";
        $candidates = $DB->get_fieldset_sql($sql, [
            'userlevel' => CONTEXT_USER,
            'viewer' => $USER->id,
            'self' => $USER->id,
        ]);
        $ids = [];
        foreach ($candidates as $candidate) {
            $context = context_user::instance((int) $candidate, IGNORE_MISSING);
            if ($context && has_capability(self::VIEWOTHERS, $context)) {
                $ids[] = (int) $candidate;
            }
        }
        sort($ids);
        return $ids;
    }

    /**
     * Whether the current user has a team page worth opening: viewothers on somebody, or viewall
     * on a site where cpdsync has pushed readiness (so Moodle's managers see no link before then).
     *
     * @return bool
     */
    public static function has_team(): bool {
        global $DB;

        $ids = self::team_member_ids();
        return $ids === null ? $DB->record_exists('local_cpdsync_snapshot', []) : count($ids) > 0;
    }
}
