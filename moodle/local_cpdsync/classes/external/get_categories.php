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
use local_cpdsync\local\access;

/**
 * Every course category, hidden ones included, in id order.
 *
 * Mapping rules match courses by category path. A site has tens or hundreds of categories, so
 * one call returns them all (one query), without paging.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_categories extends external_api {
    /**
     * Describes the parameters (none).
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([]);
    }

    /**
     * Returns every category.
     *
     * @return array categories
     */
    public static function execute(): array {
        global $DB;

        self::validate_parameters(self::execute_parameters(), []);
        $context = \context_system::instance();
        self::validate_context($context);
        access::require_sync_read($context);

        $categories = [];
        $records = $DB->get_records('course_categories', null, 'id ASC',
            'id, name, idnumber, parent, path, depth, visible');
        foreach ($records as $record) {
            $categories[] = [
                'id' => (int) $record->id,
                'name' => $record->name,
                'idnumber' => (string) $record->idnumber,
                'parent' => (int) $record->parent,
                'path' => $record->path,
                'depth' => (int) $record->depth,
                'visible' => (bool) $record->visible,
            ];
        }
        return ['categories' => $categories];
    }

    /**
     * Describes the return value.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'categories' => new external_multiple_structure(
                new external_single_structure([
                    'id' => new external_value(PARAM_INT, 'Category id'),
                    'name' => new external_value(PARAM_RAW, 'Name, as stored'),
                    'idnumber' => new external_value(PARAM_RAW, 'Category ID number, may be empty'),
                    'parent' => new external_value(PARAM_INT, 'Parent category id, 0 at the top'),
                    'path' => new external_value(PARAM_RAW, 'Ids from the top, e.g. /1/4'),
                    'depth' => new external_value(PARAM_INT, 'Depth, 1 at the top'),
                    'visible' => new external_value(PARAM_BOOL, 'Whether the category is shown'),
                ]),
                'Categories in id order'
            ),
        ]);
    }
}
