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
 * Upgrade steps for local_cpdsync.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Upgrade local_cpdsync from an earlier version.
 *
 * @param int $oldversion the version installed
 * @return bool
 */
function xmldb_local_cpdsync_upgrade($oldversion) {
    global $DB;

    $dbman = $DB->get_manager();

    if ($oldversion < 2026113000) {
        // Version 1.0 declared its service as "CPD Sync" (shortname cpdsync). That name collides
        // with the service docs told admins to make by hand for the plugin-free set-up, so 2.0
        // names it after the plugin. Moodle matches a plugin's services by name: left alone, the
        // old row would be deleted with its tokens and a new one made. Renaming the row in place
        // keeps its id, so its authorised users and tokens keep working.
        $newname = 'cpdsync companion (local_cpdsync)';
        $newshortname = 'local_cpdsync';
        $old = $DB->get_record('external_services', ['component' => 'local_cpdsync', 'name' => 'CPD Sync']);
        $clash = $DB->get_record_select(
            'external_services',
            '(name = :name OR shortname = :shortname) AND (component IS NULL OR component <> :component)',
            ['name' => $newname, 'shortname' => $newshortname, 'component' => 'local_cpdsync']
        );
        if ($clash) {
            // Stop before anything changes: Moodle would otherwise fail half way through, when it
            // creates the plugin's service next to one with the same name or shortname.
            throw new moodle_exception('errorserviceclash', 'local_cpdsync', '', (object) [
                'name' => $clash->name,
                'shortname' => (string) $clash->shortname,
            ]);
        }
        if ($old) {
            $DB->update_record('external_services', (object) [
                'id' => $old->id,
                'name' => $newname,
                'shortname' => $newshortname,
                'timemodified' => time(),
            ]);
        }

        // Define table local_cpdsync_snapshot to be created.
        $table = new xmldb_table('local_cpdsync_snapshot');
        $table->add_field('id', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, XMLDB_SEQUENCE, null);
        $table->add_field('userid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, null);
        $table->add_field('year', XMLDB_TYPE_CHAR, '7', null, XMLDB_NOTNULL, null, null);
        $table->add_field('status', XMLDB_TYPE_CHAR, '20', null, XMLDB_NOTNULL, null, null);
        $table->add_field('urgency', XMLDB_TYPE_INTEGER, '2', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('daysleft', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('team', XMLDB_TYPE_CHAR, '255', null, XMLDB_NOTNULL, null, null);
        $table->add_field('hash', XMLDB_TYPE_CHAR, '64', null, XMLDB_NOTNULL, null, null);
        $table->add_field('snapshot', XMLDB_TYPE_TEXT, null, null, XMLDB_NOTNULL, null, null);
        $table->add_field('computedat', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, null);
        $table->add_field('timecreated', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('timemodified', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_key('primary', XMLDB_KEY_PRIMARY, ['id']);
        $table->add_key('userid', XMLDB_KEY_FOREIGN, ['userid'], 'user', ['id']);
        $table->add_index('useryear', XMLDB_INDEX_UNIQUE, ['userid', 'year']);
        $table->add_index('yearurgency', XMLDB_INDEX_NOTUNIQUE, ['year', 'urgency', 'daysleft']);
        if (!$dbman->table_exists($table)) {
            $dbman->create_table($table);
        }

        // Define table local_cpdsync_activity to be created.
        $table = new xmldb_table('local_cpdsync_activity');
        $table->add_field('id', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, XMLDB_SEQUENCE, null);
        $table->add_field('userid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, null);
        $table->add_field('year', XMLDB_TYPE_CHAR, '7', null, XMLDB_NOTNULL, null, null);
        $table->add_field('title', XMLDB_TYPE_CHAR, '255', null, XMLDB_NOTNULL, null, null);
        $table->add_field('activitydate', XMLDB_TYPE_CHAR, '10', null, XMLDB_NOTNULL, null, null);
        $table->add_field('cpdtype', XMLDB_TYPE_CHAR, '50', null, XMLDB_NOTNULL, null, null);
        $table->add_field('hours', XMLDB_TYPE_NUMBER, '6, 2', null, null, null, null);
        $table->add_field('description', XMLDB_TYPE_TEXT, null, null, null, null, null);
        $table->add_field('deleted', XMLDB_TYPE_INTEGER, '1', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('timecreated', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('timemodified', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_key('primary', XMLDB_KEY_PRIMARY, ['id']);
        $table->add_key('userid', XMLDB_KEY_FOREIGN, ['userid'], 'user', ['id']);
        $table->add_index('timemodified', XMLDB_INDEX_NOTUNIQUE, ['timemodified', 'id']);
        if (!$dbman->table_exists($table)) {
            $dbman->create_table($table);
        }

        // Define table local_cpdsync_reflection to be created.
        $table = new xmldb_table('local_cpdsync_reflection');
        $table->add_field('id', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, XMLDB_SEQUENCE, null);
        $table->add_field('userid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, null);
        $table->add_field('year', XMLDB_TYPE_CHAR, '7', null, XMLDB_NOTNULL, null, null);
        $table->add_field('entryid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('activityid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('status', XMLDB_TYPE_CHAR, '10', null, XMLDB_NOTNULL, null, 'draft');
        $table->add_field('learnt', XMLDB_TYPE_TEXT, null, null, null, null, null);
        $table->add_field('impact', XMLDB_TYPE_TEXT, null, null, null, null, null);
        $table->add_field('peerreflection', XMLDB_TYPE_TEXT, null, null, null, null, null);
        $table->add_field('peerrole', XMLDB_TYPE_CHAR, '255', null, XMLDB_NOTNULL, null, null);
        $table->add_field('recordedonswe', XMLDB_TYPE_INTEGER, '1', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('peerrecordedonswe', XMLDB_TYPE_INTEGER, '1', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('timecreated', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('timemodified', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_key('primary', XMLDB_KEY_PRIMARY, ['id']);
        $table->add_key('userid', XMLDB_KEY_FOREIGN, ['userid'], 'user', ['id']);
        $table->add_index('userpiece', XMLDB_INDEX_UNIQUE, ['userid', 'entryid', 'activityid']);
        $table->add_index('timemodified', XMLDB_INDEX_NOTUNIQUE, ['timemodified', 'id']);
        if (!$dbman->table_exists($table)) {
            $dbman->create_table($table);
        }

        // Define table local_cpdsync_renewal to be created.
        $table = new xmldb_table('local_cpdsync_renewal');
        $table->add_field('id', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, XMLDB_SEQUENCE, null);
        $table->add_field('userid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, null);
        $table->add_field('year', XMLDB_TYPE_CHAR, '7', null, XMLDB_NOTNULL, null, null);
        $table->add_field('submitted', XMLDB_TYPE_INTEGER, '1', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('timecreated', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_field('timemodified', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        $table->add_key('primary', XMLDB_KEY_PRIMARY, ['id']);
        $table->add_key('userid', XMLDB_KEY_FOREIGN, ['userid'], 'user', ['id']);
        $table->add_index('useryear', XMLDB_INDEX_UNIQUE, ['userid', 'year']);
        $table->add_index('timemodified', XMLDB_INDEX_NOTUNIQUE, ['timemodified', 'id']);
        if (!$dbman->table_exists($table)) {
            $dbman->create_table($table);
        }

        upgrade_plugin_savepoint(true, 2026113000, 'local', 'cpdsync');
    }

    return true;
}
