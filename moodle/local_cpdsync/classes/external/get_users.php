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

namespace local_cpdsync\external;

use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_multiple_structure;
use core_external\external_single_structure;
use core_external\external_value;
use invalid_parameter_exception;
use local_cpdsync\local\access;
use local_cpdsync\local\user_records;

/**
 * Every user but the guest, with their custom profile fields and suspension, in id order.
 *
 * Part of the bulk catalogue a full sync reads: with core functions the workers come course by
 * course through core_enrol_get_enrolled_users (about 0.4 s a course on a real site); this is
 * two queries per page of thousands.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_users extends external_api {
    /** Users returned when the caller does not say. */
    public const DEFAULT_LIMIT = 5000;

    /** Most users returned by one call; a larger limit is lowered to this. */
    public const MAX_LIMIT = 5000;

    /** Most ids accepted in userids (some databases take at most about 2,000 parameters). */
    public const MAX_USERIDS = 1000;

    /**
     * Describes the parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'afterid' => new external_value(PARAM_INT,
                'Cursor: id of the last user already read; 0 to start', VALUE_DEFAULT, 0),
            'limit' => new external_value(PARAM_INT,
                'Most users to return (1 or more; lowered to ' . self::MAX_LIMIT . ' when larger)',
                VALUE_DEFAULT, self::DEFAULT_LIMIT),
            'userids' => new external_multiple_structure(
                new external_value(PARAM_INT, 'User id'),
                'Only these users (at most ' . self::MAX_USERIDS . '); empty for every user',
                VALUE_DEFAULT, []
            ),
        ]);
    }

    /**
     * Returns the users after the cursor, in id order.
     *
     * @param int $afterid id of the last user already read
     * @param int $limit most users to return
     * @param int[] $userids only these users, or [] for all
     * @return array users, the next cursor and whether more follow
     */
    public static function execute(int $afterid = 0, int $limit = self::DEFAULT_LIMIT, array $userids = []): array {
        global $DB;

        ['afterid' => $afterid, 'limit' => $limit, 'userids' => $userids] = self::validate_parameters(
            self::execute_parameters(), ['afterid' => $afterid, 'limit' => $limit, 'userids' => $userids]);
        if ($afterid < 0) {
            throw new invalid_parameter_exception('afterid must be 0 or more');
        }
        if ($limit < 1) {
            throw new invalid_parameter_exception('limit must be 1 or more');
        }
        if (count($userids) > self::MAX_USERIDS) {
            throw new invalid_parameter_exception('userids may hold at most ' . self::MAX_USERIDS . ' ids');
        }
        $limit = min($limit, self::MAX_LIMIT);

        $context = \context_system::instance();
        self::validate_context($context);
        access::require_sync_read($context);

        $where = '';
        $params = [];
        if ($userids) {
            [$insql, $params] = $DB->get_in_or_equal(array_unique($userids), SQL_PARAMS_NAMED, 'uid');
            $where = "AND u.id $insql";
        }
        return user_records::page('', $where, $params, $afterid, $limit);
    }

    /**
     * Describes the return value.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return user_records::returns();
    }
}
