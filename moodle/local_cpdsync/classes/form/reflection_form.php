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
use local_cpdsync\local\pieces;
use local_cpdsync\local\store;
use stdClass;

/**
 * A worker's reflection on one piece of CPD: what they learnt, the impact on their practice, an
 * optional peer reflection with the peer's role, and whether it is recorded on their SWE account.
 *
 * Saved as a draft (nothing required) or submitted (learnt and impact required, unless the
 * worker declares the piece already recorded on SWE). The piece named by the hidden fields is
 * checked again on every submission: an id that is not one of the worker's own pieces is
 * refused with a message and nothing is saved.
 *
 * Custom data: userid (the worker; always the current user).
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class reflection_form extends \moodleform {
    /** Answers to "I have recorded this on my SWE account". */
    public const SWE_CHOICES = ['none', 'recorded', 'recordedpeer'];

    /**
     * The fields.
     */
    protected function definition(): void {
        $mform = $this->_form;

        foreach (['entryid', 'activityid'] as $name) {
            $mform->addElement('hidden', $name, 0);
            $mform->setType($name, PARAM_INT);
        }
        $mform->addElement('hidden', 'year', '');
        $mform->setType('year', PARAM_ALPHANUMEXT);

        $textarea = ['rows' => 6, 'cols' => 60, 'class' => 'local-cpdsync-text'];
        $mform->addElement('textarea', 'learnt', get_string('learnt', 'local_cpdsync'), $textarea);
        $mform->setType('learnt', PARAM_TEXT);
        $mform->addHelpButton('learnt', 'learnt', 'local_cpdsync');

        $mform->addElement('textarea', 'impact', get_string('impact', 'local_cpdsync'), $textarea);
        $mform->setType('impact', PARAM_TEXT);
        $mform->addHelpButton('impact', 'impact', 'local_cpdsync');

        $mform->addElement('header', 'peerheader', get_string('peerheading', 'local_cpdsync'));
        $mform->setExpanded('peerheader', true);
        $mform->addElement('textarea', 'peerreflection', get_string('peerreflection', 'local_cpdsync'), $textarea);
        $mform->setType('peerreflection', PARAM_TEXT);
        $mform->addHelpButton('peerreflection', 'peerreflection', 'local_cpdsync');
        $mform->addElement('text', 'peerrole', get_string('peerrole', 'local_cpdsync'), ['size' => 40]);
        $mform->setType('peerrole', PARAM_TEXT);
        $mform->addHelpButton('peerrole', 'peerrole', 'local_cpdsync');

        $mform->addElement('header', 'sweheader', get_string('sweheading', 'local_cpdsync'));
        $mform->setExpanded('sweheader', true);
        $radios = [];
        foreach (self::SWE_CHOICES as $choice) {
            $radios[] = $mform->createElement('radio', 'swe', '', get_string('swe_' . $choice, 'local_cpdsync'), $choice);
        }
        $mform->addGroup($radios, 'swegroup', get_string('recordedonswe', 'local_cpdsync'), ' ', false);
        $mform->setDefault('swe', 'none');
        $mform->setType('swe', PARAM_ALPHA);

        $buttons = [
            $mform->createElement('submit', 'submitbutton', get_string('submitreflection', 'local_cpdsync')),
            $mform->createElement('submit', 'savedraft', get_string('savedraft', 'local_cpdsync')),
            $mform->createElement('cancel'),
        ];
        $mform->addGroup($buttons, 'buttonar', '', [' '], false);
        $mform->closeHeaderBefore('buttonar');
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

        $piece = pieces::find((int) $this->_customdata['userid'], (string) ($data['year'] ?? ''),
            (int) ($data['entryid'] ?? 0), (int) ($data['activityid'] ?? 0));
        if (!$piece) {
            $errors['learnt'] = get_string('errorunknownpiece', 'local_cpdsync');
        }
        foreach (['learnt', 'impact', 'peerreflection'] as $field) {
            $length = core_text::strlen(trim($data[$field] ?? ''));
            if ($length > store::MAX_TEXT) {
                $errors[$field] = get_string('errortoolong', 'local_cpdsync', (object) ['max' => store::MAX_TEXT,
                    'length' => $length]);
            }
        }
        $length = core_text::strlen(trim($data['peerrole'] ?? ''));
        if ($length > store::MAX_SHORT) {
            $errors['peerrole'] = get_string('errortoolong', 'local_cpdsync', (object) ['max' => store::MAX_SHORT,
                'length' => $length]);
        }
        $swe = $data['swe'] ?? 'none';
        if (!in_array($swe, self::SWE_CHOICES, true)) {
            $errors['swegroup'] = get_string('errorchoice', 'local_cpdsync');
        }
        if (empty($data['savedraft'])) {
            if ($swe === 'none') {
                foreach (['learnt', 'impact'] as $field) {
                    if (trim($data[$field] ?? '') === '' && !isset($errors[$field])) {
                        $errors[$field] = get_string('errorrequiredtosubmit', 'local_cpdsync');
                    }
                }
            }
            if (trim($data['peerreflection'] ?? '') !== '' && trim($data['peerrole'] ?? '') === ''
                    && !isset($errors['peerrole'])) {
                $errors['peerrole'] = get_string('errorpeerrole', 'local_cpdsync');
            }
        }
        return $errors;
    }

    /**
     * The submitted reflection as store::save_reflection takes it, or null when not submitted or not valid.
     *
     * @return stdClass|null status, learnt, impact, peerreflection, peerrole, recordedonswe, peerrecordedonswe
     *     and the piece's year, entryid, activityid
     */
    public function get_reflection(): ?stdClass {
        $data = $this->get_data();
        if (!$data) {
            return null;
        }
        // A radio value that is not one of the choices never reaches here: the form drops it.
        $swe = $data->swe ?? 'none';
        return (object) [
            'year' => $data->year,
            'entryid' => (int) $data->entryid,
            'activityid' => (int) $data->activityid,
            'status' => empty($data->savedraft) ? 'submitted' : 'draft',
            'learnt' => trim($data->learnt),
            'impact' => trim($data->impact),
            'peerreflection' => trim($data->peerreflection),
            'peerrole' => trim($data->peerrole),
            'recordedonswe' => $swe !== 'none',
            'peerrecordedonswe' => $swe === 'recordedpeer',
        ];
    }

    /**
     * The form's starting values: the worker's saved reflection, else the texts cpdsync holds.
     *
     * @param array $piece from pieces::find
     * @param stdClass|null $saved the worker's saved reflection
     * @return array
     */
    public static function defaults(array $piece, ?stdClass $saved): array {
        $values = ['year' => $piece['year'], 'entryid' => $piece['entryid'], 'activityid' => $piece['activityid']];
        if ($saved) {
            $swe = !$saved->recordedonswe ? 'none' : ($saved->peerrecordedonswe ? 'recordedpeer' : 'recorded');
            return $values + [
                'learnt' => $saved->learnt,
                'impact' => $saved->impact,
                'peerreflection' => $saved->peerreflection,
                'peerrole' => $saved->peerrole,
                'swe' => $swe,
            ];
        }
        $entry = $piece['entry'] ?? [];
        $swe = 'none';
        if (($entry['reflection'] ?? '') === 'recorded_on_swe') {
            $swe = ($entry['peer'] ?? '') === 'recorded_on_swe' ? 'recordedpeer' : 'recorded';
        }
        return $values + [
            'learnt' => $entry['learnt'] ?? '',
            'impact' => $entry['impact'] ?? '',
            'peerreflection' => $entry['peer_reflection'] ?? '',
            'peerrole' => $entry['peer_role'] ?? '',
            'swe' => $swe,
        ];
    }
}
