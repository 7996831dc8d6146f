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

/**
 * The readiness snapshot cpdsync pushes for one worker and year: its checks and its shape.
 *
 * The pages show what cpdsync computed and never compute a status themselves, so a snapshot is
 * checked field by field when it arrives and stored only when every field the pages read has
 * the documented type (docs/moodle-plugin.md, "Snapshot JSON"). Keys the plugin does not know
 * are kept and ignored, so cpdsync can add fields before the plugin shows them.
 *
 * @package    local_cpdsync
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class snapshot {
    /** The snapshot schema this plugin reads. */
    public const SCHEMA = 1;

    /** Largest snapshot accepted, in bytes of JSON text. */
    public const MAX_BYTES = 262144;

    /** Statuses, with their rank: most urgent first, as the team page sorts them. */
    public const STATUSES = [
        'missed' => 1,
        'at_risk' => 2,
        'in_progress' => 3,
        'ready' => 4,
        'submitted' => 5,
        'exempt' => 6,
    ];

    /** Gap severities. */
    public const SEVERITIES = ['statutory', 'renewal', 'local', 'info'];

    /** Where a piece's reflection stands. */
    public const REFLECTION_STATES = ['none', 'draft', 'submitted', 'recorded_on_swe'];

    /** Where a piece's peer reflection stands. */
    public const PEER_STATES = ['none', 'written', 'recorded_on_swe'];

    /** Previous year outcomes. */
    public const OUTCOMES = ['met', 'missed', 'submitted', 'exempt'];

    /**
     * Whether a text is a registration year label such as 2025-26 (the second year follows the first).
     *
     * @param string $year
     * @return bool
     */
    public static function valid_year(string $year): bool {
        if (!preg_match('/^(\d{4})-(\d{2})$/', $year, $m)) {
            return false;
        }
        return ((int) $m[1] + 1) % 100 === (int) $m[2];
    }

    /**
     * Check a snapshot's JSON text for a registration year and return it with every optional
     * field filled in.
     *
     * @param string $json the snapshot as pushed
     * @param string $year the registration year label it must be for
     * @return array the snapshot, as nested arrays
     * @throws invalid_snapshot with reason toolarge, malformed, schema or yearmismatch
     */
    public static function parse(string $json, string $year): array {
        if (strlen($json) > self::MAX_BYTES) {
            throw new invalid_snapshot('toolarge',
                'snapshot is ' . strlen($json) . ' bytes; at most ' . self::MAX_BYTES . ' are accepted');
        }
        try {
            $data = json_decode($json, false, 32, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new invalid_snapshot('malformed', 'snapshot is not valid JSON: ' . $e->getMessage());
        }
        if (!is_object($data)) {
            throw new invalid_snapshot('malformed', 'snapshot must be a JSON object');
        }
        $schema = self::need($data, 'schema', '');
        if (!is_int($schema) || $schema !== self::SCHEMA) {
            throw new invalid_snapshot('schema',
                'schema: this plugin reads schema ' . self::SCHEMA . ', not ' . json_encode($schema));
        }
        $out = self::top($data);
        if ($out['registration_year']['label'] !== $year) {
            throw new invalid_snapshot('yearmismatch', 'registration_year.label: ' .
                json_encode($out['registration_year']['label']) . ' is not the year pushed, ' . $year);
        }
        return $out;
    }

    /**
     * Read a stored snapshot back for the pages (it was checked when it arrived).
     *
     * @param \stdClass $record a local_cpdsync_snapshot row
     * @return array|null the snapshot, or null when it no longer passes the checks
     */
    public static function from_record(\stdClass $record): ?array {
        try {
            return self::parse($record->snapshot, $record->year);
        } catch (invalid_snapshot $e) {
            return null;
        }
    }

    /**
     * The Unix time of an ISO 8601 timestamp with a time zone, e.g. 2026-11-22T09:00:00Z.
     *
     * @param string $value
     * @return int|null null when the text is not such a timestamp
     */
    public static function timestamp(string $value): ?int {
        if (!preg_match('/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/', $value)) {
            return null;
        }
        try {
            return (new \DateTimeImmutable($value))->getTimestamp();
        } catch (\Exception $e) {
            return null;
        }
    }

    /**
     * The top level.
     *
     * @param \stdClass $data
     * @return array
     */
    private static function top(\stdClass $data): array {
        $computedat = self::string(self::need($data, 'computed_at', ''), 'computed_at');
        if (self::timestamp($computedat) === null) {
            throw new invalid_snapshot('malformed', 'computed_at: expected an ISO 8601 time with a zone, e.g. ' .
                '2026-11-22T09:00:00Z');
        }
        $year = self::object(self::need($data, 'registration_year', ''), 'registration_year');
        $previous = $data->previous_year ?? null;
        return [
            'schema' => self::SCHEMA,
            'computed_at' => $computedat,
            'as_of' => self::date(self::need($data, 'as_of', ''), 'as_of'),
            'registration_year' => [
                'label' => self::string(self::need($year, 'label', 'registration_year'), 'registration_year.label'),
                'start' => self::date(self::need($year, 'start', 'registration_year'), 'registration_year.start'),
                'end' => self::date(self::need($year, 'end', 'registration_year'), 'registration_year.end'),
                'rules_provisional' => self::bool($year->rules_provisional ?? false,
                    'registration_year.rules_provisional'),
                'provisional_note' => self::string($year->provisional_note ?? '', 'registration_year.provisional_note',
                    true),
            ],
            'deadline' => self::date(self::need($data, 'deadline', ''), 'deadline'),
            'days_to_deadline' => self::int(self::need($data, 'days_to_deadline', ''), 'days_to_deadline', false),
            'worker' => self::worker(self::object(self::need($data, 'worker', ''), 'worker')),
            'status' => self::choice(self::need($data, 'status', ''), 'status', array_keys(self::STATUSES)),
            'headline' => self::string(self::need($data, 'headline', ''), 'headline'),
            'previous_year' => $previous === null ? null : self::previous(self::object($previous, 'previous_year')),
            'cpd' => self::cpd(self::object(self::need($data, 'cpd', ''), 'cpd')),
            'gaps' => array_map(
                fn($i) => self::gap($data->gaps[$i], "gaps[$i]"),
                array_keys(self::list(self::need($data, 'gaps', ''), 'gaps'))
            ),
            'entries' => array_map(
                fn($i) => self::entry($data->entries[$i], "entries[$i]"),
                array_keys(self::list(self::need($data, 'entries', ''), 'entries'))
            ),
            'renewal' => self::renewal(self::object(self::need($data, 'renewal', ''), 'renewal')),
        ];
    }

    /**
     * The worker block.
     *
     * @param \stdClass $w
     * @return array
     */
    private static function worker(\stdClass $w): array {
        $out = ['name' => self::string(self::need($w, 'name', 'worker'), 'worker.name')];
        foreach (['email', 'idnumber', 'swe_number', 'role', 'team'] as $key) {
            $out[$key] = self::string($w->$key ?? '', "worker.$key", true);
        }
        return $out;
    }

    /**
     * The previous year block.
     *
     * @param \stdClass $p
     * @return array
     */
    private static function previous(\stdClass $p): array {
        return [
            'label' => self::string(self::need($p, 'label', 'previous_year'), 'previous_year.label'),
            'outcome' => self::choice(self::need($p, 'outcome', 'previous_year'), 'previous_year.outcome', self::OUTCOMES),
        ];
    }

    /**
     * The CPD counts block.
     *
     * @param \stdClass $c
     * @return array
     */
    private static function cpd(\stdClass $c): array {
        $out = [];
        foreach (['activities', 'reflected', 'peer_reflected', 'required', 'peer_required'] as $key) {
            $out[$key] = self::int(self::need($c, $key, 'cpd'), "cpd.$key");
        }
        return $out;
    }

    /**
     * One gap.
     *
     * @param mixed $value
     * @param string $path
     * @return array
     */
    private static function gap($value, string $path): array {
        $g = self::object($value, $path);
        $code = self::string(self::need($g, 'code', $path), "$path.code");
        if (!preg_match('/^[A-Z][A-Z0-9_]{0,63}$/', $code)) {
            throw new invalid_snapshot('malformed', "$path.code: expected capitals, digits and _, e.g. SWE_CPD_COUNT");
        }
        $entries = self::list($g->entries ?? [], "$path.entries");
        $courses = self::list($g->suggested_courses ?? [], "$path.suggested_courses");
        return [
            'code' => $code,
            'severity' => self::choice(self::need($g, 'severity', $path), "$path.severity", self::SEVERITIES),
            'message' => self::string(self::need($g, 'message', $path), "$path.message"),
            'entries' => array_map(fn($i) => self::int($entries[$i], "$path.entries[$i]"), array_keys($entries)),
            'suggested_courses' => array_map(function($i) use ($courses, $path) {
                $c = self::object($courses[$i], "$path.suggested_courses[$i]");
                $id = self::int(self::need($c, 'id', "$path.suggested_courses[$i]"), "$path.suggested_courses[$i].id");
                return [
                    'id' => $id,
                    'name' => self::string(self::need($c, 'name', "$path.suggested_courses[$i]"),
                        "$path.suggested_courses[$i].name"),
                ];
            }, array_keys($courses)),
        ];
    }

    /**
     * One piece of CPD.
     *
     * @param mixed $value
     * @param string $path
     * @return array
     */
    private static function entry($value, string $path): array {
        $e = self::object($value, $path);
        $entryid = self::int($e->entryid ?? 0, "$path.entryid");
        $activityid = self::int($e->activityid ?? 0, "$path.activityid");
        if ($entryid === 0 && $activityid === 0) {
            throw new invalid_snapshot('malformed', "$path: entryid or activityid must be more than 0");
        }
        $hours = $e->hours ?? null;
        if ($hours !== null && (!(is_int($hours) || is_float($hours)) || $hours < 0)) {
            throw new invalid_snapshot('malformed', "$path.hours: expected a number of hours or null");
        }
        $courseid = $e->courseid ?? null;
        $out = [
            'entryid' => $entryid,
            'activityid' => $activityid,
            'title' => self::string(self::need($e, 'title', $path), "$path.title"),
            'date' => self::date(self::need($e, 'date', $path), "$path.date"),
            'courseid' => $courseid === null ? null : self::int($courseid, "$path.courseid"),
            'hours' => $hours === null ? null : (float) $hours,
            'counts' => self::bool($e->counts ?? true, "$path.counts"),
            'reflection' => self::choice($e->reflection ?? 'none', "$path.reflection", self::REFLECTION_STATES),
            'peer' => self::choice($e->peer ?? 'none', "$path.peer", self::PEER_STATES),
            'prompts_peer' => self::bool($e->prompts_peer ?? false, "$path.prompts_peer"),
        ];
        foreach (['source', 'cpd_type', 'needs', 'learnt', 'impact', 'peer_reflection', 'peer_role', 'description'] as $key) {
            $out[$key] = self::string($e->$key ?? '', "$path.$key", true);
        }
        return $out;
    }

    /**
     * The renewal block.
     *
     * @param \stdClass $r
     * @return array
     */
    private static function renewal(\stdClass $r): array {
        $steps = self::list($r->steps ?? [], 'renewal.steps');
        return [
            'submitted' => self::bool(self::need($r, 'submitted', 'renewal'), 'renewal.submitted'),
            'steps' => array_map(fn($i) => self::string($steps[$i], "renewal.steps[$i]"), array_keys($steps)),
        ];
    }

    /**
     * A key that must be there.
     *
     * @param \stdClass $object
     * @param string $key
     * @param string $path where the object is, '' for the top level
     * @return mixed
     */
    private static function need(\stdClass $object, string $key, string $path) {
        if (!property_exists($object, $key)) {
            throw new invalid_snapshot('malformed', ($path === '' ? '' : "$path.") . "$key: missing");
        }
        return $object->$key;
    }

    /**
     * A JSON object.
     *
     * @param mixed $value
     * @param string $path
     * @return \stdClass
     */
    private static function object($value, string $path): \stdClass {
        if (!$value instanceof \stdClass) {
            throw new invalid_snapshot('malformed', "$path: expected an object");
        }
        return $value;
    }

    /**
     * A JSON array.
     *
     * @param mixed $value
     * @param string $path
     * @return array
     */
    private static function list($value, string $path): array {
        if (!is_array($value)) {
            throw new invalid_snapshot('malformed', "$path: expected a list");
        }
        return $value;
    }

    /**
     * A string; null becomes '' where allowed.
     *
     * @param mixed $value
     * @param string $path
     * @param bool $nullable
     * @return string
     */
    private static function string($value, string $path, bool $nullable = false): string {
        if ($value === null && $nullable) {
            return '';
        }
        if (!is_string($value)) {
            throw new invalid_snapshot('malformed', "$path: expected text");
        }
        return $value;
    }

    /**
     * A whole number, by default 0 or more.
     *
     * @param mixed $value
     * @param string $path
     * @param bool $nonnegative
     * @return int
     */
    private static function int($value, string $path, bool $nonnegative = true): int {
        if (!is_int($value) || ($nonnegative && $value < 0)) {
            throw new invalid_snapshot('malformed', "$path: expected a whole number" . ($nonnegative ? ' (0 or more)' : ''));
        }
        return $value;
    }

    /**
     * true or false.
     *
     * @param mixed $value
     * @param string $path
     * @return bool
     */
    private static function bool($value, string $path): bool {
        if (!is_bool($value)) {
            throw new invalid_snapshot('malformed', "$path: expected true or false");
        }
        return $value;
    }

    /**
     * A calendar date, YYYY-MM-DD.
     *
     * @param mixed $value
     * @param string $path
     * @return string
     */
    private static function date($value, string $path): string {
        if (!is_string($value) || !preg_match('/^(\d{4})-(\d{2})-(\d{2})$/', $value, $m)
                || !checkdate((int) $m[2], (int) $m[3], (int) $m[1])) {
            throw new invalid_snapshot('malformed', "$path: expected a date, YYYY-MM-DD");
        }
        return $value;
    }

    /**
     * One of a fixed set of words.
     *
     * @param mixed $value
     * @param string $path
     * @param string[] $choices
     * @return string
     */
    private static function choice($value, string $path, array $choices): string {
        if (!is_string($value) || !in_array($value, $choices, true)) {
            throw new invalid_snapshot('malformed', "$path: expected one of " . implode(', ', $choices));
        }
        return $value;
    }
}
