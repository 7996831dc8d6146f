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
use core_external\external_single_structure;
use core_external\external_value;
use invalid_parameter_exception;
use local_cpdsync\local\access;
use local_cpdsync\local\user_records;

/**
 * Users whose custom profile field is set: cpdsync's roster "users with a SWE number".
 *
 * Core Moodle can only look users up by a value it is given, so finding everyone with a field
 * set would mean reading every user. This pages through the users that have a non-empty value
 * for the field, with all their custom profile fields, two queries per page.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_users_with_field extends external_api {
    /** Users returned when the caller does not say. */
    public const DEFAULT_LIMIT = 1000;

    /** Most users returned by one call; a larger limit is lowered to this. */
    public const MAX_LIMIT = 5000;

    /**
     * Describes the parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'field' => new external_value(PARAM_ALPHANUMEXT, 'Shortname of the custom profile field, e.g. swenumber'),
            'afterid' => new external_value(PARAM_INT,
                'Cursor: id of the last user already read; 0 to start', VALUE_DEFAULT, 0),
            'limit' => new external_value(PARAM_INT,
                'Most users to return (1 or more; lowered to ' . self::MAX_LIMIT . ' when larger)',
                VALUE_DEFAULT, self::DEFAULT_LIMIT),
        ]);
    }

    /**
     * Returns the users after the cursor whose field is set, in id order.
     *
     * @param string $field custom profile field shortname
     * @param int $afterid id of the last user already read
     * @param int $limit most users to return
     * @return array users, the next cursor and whether more follow
     */
    public static function execute(string $field, int $afterid = 0, int $limit = self::DEFAULT_LIMIT): array {
        global $DB;

        ['field' => $field, 'afterid' => $afterid, 'limit' => $limit] = self::validate_parameters(
            self::execute_parameters(), ['field' => $field, 'afterid' => $afterid, 'limit' => $limit]);
        if ($afterid < 0) {
            throw new invalid_parameter_exception('afterid must be 0 or more');
        }
        if ($limit < 1) {
            throw new invalid_parameter_exception('limit must be 1 or more');
        }
        $limit = min($limit, self::MAX_LIMIT);

        $context = \context_system::instance();
        self::validate_context($context);
        access::require_sync_read($context);

        $fieldid = $DB->get_field('user_info_field', 'id', ['shortname' => $field]);
        if (!$fieldid) {
            throw new invalid_parameter_exception("no custom profile field has the shortname '$field'");
        }
        $join = "JOIN {user_info_data} rosterdata ON rosterdata.userid = u.id AND rosterdata.fieldid = :rosterfieldid";
        $where = 'AND ' . $DB->sql_isnotempty('user_info_data', 'rosterdata.data', false, true);
        return user_records::page($join, $where, ['rosterfieldid' => (int) $fieldid], $afterid, $limit);
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
