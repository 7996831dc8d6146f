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

namespace local_cpdsync\form;

defined('MOODLE_INTERNAL') || die();

require_once($CFG->libdir . '/formslib.php');

use core_text;
use local_cpdsync\local\store;
use stdClass;

/**
 * CPD a worker did outside Moodle: title, date, type, hours and a description.
 *
 * Custom data: userid (the worker; always the current user), start and end (YYYY-MM-DD) of the
 * registration year the activity is added to, and today (YYYY-MM-DD, the worker's own date): the
 * date must fall in the year and not after today. Changing an activity that is not the worker's
 * own is refused with a message and nothing is saved.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class activity_form extends \moodleform {
    /** Most hours one activity may record. */
    public const MAX_HOURS = 1000;

    /**
     * The fields.
     */
    protected function definition(): void {
        $mform = $this->_form;
        $start = $this->_customdata['start'];
        $end = $this->_customdata['end'];

        $mform->addElement('hidden', 'id', 0);
        $mform->setType('id', PARAM_INT);
        $mform->addElement('hidden', 'year', '');
        $mform->setType('year', PARAM_ALPHANUMEXT);

        $mform->addElement('text', 'title', get_string('activitytitle', 'local_cpdsync'), ['size' => 50]);
        $mform->setType('title', PARAM_TEXT);
        $mform->addRule('title', null, 'required', null, 'client');

        $mform->addElement('date_selector', 'activitydate', get_string('activitydate', 'local_cpdsync'), [
            'startyear' => (int) substr($start, 0, 4),
            'stopyear' => (int) substr($end, 0, 4),
        ]);
        $mform->addHelpButton('activitydate', 'activitydate', 'local_cpdsync');

        $types = [];
        foreach (store::CPD_TYPES as $type) {
            $types[$type] = get_string('cpdtype_' . $type, 'local_cpdsync');
        }
        $mform->addElement('select', 'cpdtype', get_string('activitytype', 'local_cpdsync'), $types);
        $mform->setDefault('cpdtype', 'training_course');

        $mform->addElement('text', 'hours', get_string('activityhours', 'local_cpdsync'), ['size' => 6, 'inputmode' => 'decimal']);
        $mform->setType('hours', PARAM_RAW_TRIMMED);
        $mform->addHelpButton('hours', 'activityhours', 'local_cpdsync');

        $mform->addElement('textarea', 'description', get_string('activitydescription', 'local_cpdsync'),
            ['rows' => 5, 'cols' => 60, 'class' => 'local-cpdsync-text']);
        $mform->setType('description', PARAM_TEXT);
        $mform->addHelpButton('description', 'activitydescription', 'local_cpdsync');

        $this->add_action_buttons(true, get_string('activitysave', 'local_cpdsync'));
    }

    /**
     * Checks beyond the field types.
     *
     * @param array $data
     * @param array $files
     * @return array field name => message
     */
    public function validation($data, $files): array {
        $errors = parent::validation($data, $files);

        $id = (int) ($data['id'] ?? 0);
        if ($id && !store::get_activity((int) $this->_customdata['userid'], $id)) {
            $errors['title'] = get_string('errorunknownpiece', 'local_cpdsync');
        }
        $title = trim($data['title'] ?? '');
        if (isset($errors['title'])) {
            // The activity is not the worker's: nothing else matters.
            return $errors;
        } else if ($title === '') {
            $errors['title'] = get_string('required');
        } else if (core_text::strlen($title) > store::MAX_SHORT) {
            $errors['title'] = get_string('errortoolong', 'local_cpdsync', (object) ['max' => store::MAX_SHORT,
                'length' => core_text::strlen($title)]);
        }
        $date = self::date_text((int) ($data['activitydate'] ?? 0));
        if ($date < $this->_customdata['start'] || $date > $this->_customdata['end']) {
            $errors['activitydate'] = get_string('errordateoutsideyear', 'local_cpdsync', (object) [
                'start' => \local_cpdsync\output\display::date($this->_customdata['start']),
                'end' => \local_cpdsync\output\display::date($this->_customdata['end']),
            ]);
        } else if ($date > $this->_customdata['today']) {
            $errors['activitydate'] = get_string('errordatefuture', 'local_cpdsync');
        }
        if (!array_key_exists($data['cpdtype'] ?? '', array_flip(store::CPD_TYPES))) {
            $errors['cpdtype'] = get_string('errorchoice', 'local_cpdsync');
        }
        if (($data['hours'] ?? '') !== '') {
            $hours = unformat_float($data['hours'], true);
            if ($hours === false || $hours === null || $hours <= 0 || $hours > self::MAX_HOURS) {
                $errors['hours'] = get_string('errorhours', 'local_cpdsync', self::MAX_HOURS);
            }
        }
        $length = core_text::strlen(trim($data['description'] ?? ''));
        if ($length > store::MAX_TEXT) {
            $errors['description'] = get_string('errortoolong', 'local_cpdsync', (object) ['max' => store::MAX_TEXT,
                'length' => $length]);
        }
        return $errors;
    }

    /**
     * The submitted activity as store::save_activity takes it, or null when not submitted or not valid.
     *
     * @return stdClass|null title, activitydate, cpdtype, hours, description
     */
    public function get_activity(): ?stdClass {
        $data = $this->get_data();
        if (!$data) {
            return null;
        }
        return (object) [
            'title' => trim($data->title),
            'activitydate' => self::date_text((int) $data->activitydate),
            'cpdtype' => $data->cpdtype,
            'hours' => $data->hours === '' ? null : round((float) unformat_float($data->hours, true), 2),
            'description' => trim($data->description),
        ];
    }

    /**
     * The form's values for an activity the worker added.
     *
     * @param stdClass $activity
     * @return array
     */
    public static function defaults(stdClass $activity): array {
        [$y, $m, $d] = array_map('intval', explode('-', $activity->activitydate));
        return [
            'id' => $activity->id,
            'year' => $activity->year,
            'title' => $activity->title,
            'activitydate' => make_timestamp($y, $m, $d, 12),
            'cpdtype' => $activity->cpdtype,
            'hours' => $activity->hours === null ? '' : format_float((float) $activity->hours, 2, true, true),
            'description' => $activity->description,
        ];
    }

    /**
     * The calendar date (YYYY-MM-DD) the worker picked; the date selector gives a time in their time zone.
     *
     * @param int $time
     * @return string
     */
    public static function date_text(int $time): string {
        return userdate($time, '%Y-%m-%d', 99, false, false);
    }
}
