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
 * Language strings for local_cpdsync.
 *
 * @package    local_cpdsync
 * @category   string
 * @copyright  2026 cpdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

$string['activityadd'] = 'Add CPD done outside Moodle';
$string['activityaddintro'] = 'Add learning you did outside Moodle in registration year {$a->year} ({$a->start} to {$a->end}): a course elsewhere, reading, supervision, a conference. After saving, write your reflection on it.';
$string['activitychange'] = 'Change';
$string['activitychangeintro'] = 'Change this piece of CPD (registration year {$a->year}, {$a->start} to {$a->end}).';
$string['activitydate'] = 'Date';
$string['activitydate_help'] = 'The day you did it. It must fall in the registration year and not be in the future.';
$string['activitydescription'] = 'Description and why it is relevant to your practice';
$string['activitydescription_help'] = 'What the CPD was and why it matters for your work. Social Work England\'s form asks for this ("Description and relevance"). Plain text, up to 5,000 characters.';
$string['activityhours'] = 'Hours (optional)';
$string['activityhours_help'] = 'Social Work England sets no minimum hours. Give the hours if your council asks for them, e.g. 1.5.';
$string['activityremove'] = 'Remove this CPD';
$string['activityremoveconfirm'] = 'Remove "{$a}" from your CPD? Its reflection will no longer count.';
$string['activityremoved'] = '"{$a}" was removed. cpdsync will take it out of your readiness at its next update.';
$string['activitysave'] = 'Save and reflect on it';
$string['activitysaved'] = 'Saved. Now write your reflection on it.';
$string['activitytitle'] = 'Title';
$string['activitytype'] = 'Type of CPD';
$string['allteams'] = 'All teams';
$string['backtoreadiness'] = 'Back to my registration readiness';
$string['copied'] = 'Copied';
$string['copy'] = 'Copy';
$string['copyempty'] = 'Nothing written';
$string['copyforswe'] = 'Copy for SWE';
$string['copyintro'] = 'Your record, laid out as Social Work England\'s online form asks for it. Copy each part into a new CPD record on your SWE account.';
$string['copyrecorded'] = 'You said this is recorded on your SWE account.';
$string['countsline'] = 'CPD this year: {$a->activities}. With your reflection: {$a->reflected} of the {$a->required} needed. With a peer reflection: {$a->peer_reflected} of the {$a->peer_required} needed.';
$string['cpdheading'] = 'Your CPD this year';
$string['cpdsync:sync'] = 'Sync with cpdsync: read users, courses, enrolments and completions, push readiness and read what workers wrote (the integration user)';
$string['cpdsync:viewall'] = 'See every worker\'s registration readiness';
$string['cpdsync:viewcompletions'] = 'View every course completion on the site (deprecated: use local/cpdsync:sync)';
$string['cpdsync:viewothers'] = 'See this worker\'s registration readiness (give it to a line manager in the worker\'s user context)';
$string['cpdsync:viewown'] = 'See my own registration readiness, write reflections, add CPD and declare my renewal';
$string['cpdtype_conference'] = 'Conference or event';
$string['cpdtype_e_learning'] = 'E-learning';
$string['cpdtype_other'] = 'Other';
$string['cpdtype_peer_discussion'] = 'Peer discussion or reflective practice group';
$string['cpdtype_reading'] = 'Reading';
$string['cpdtype_research'] = 'Research';
$string['cpdtype_shadowing'] = 'Shadowing';
$string['cpdtype_supervision'] = 'Supervision';
$string['cpdtype_training_course'] = 'Training course';
$string['dayleft'] = '1 day left';
$string['daysleft'] = '{$a} days left';
$string['daysleftcolumn'] = 'Days left';
$string['dayspast'] = '{$a} days after the deadline';
$string['deadlineis'] = 'Deadline: {$a}, 11:59 pm.';
$string['deadlinetoday'] = 'Deadline today';
$string['doesnotcount'] = 'Does not count for this year';
$string['editreflection'] = 'Edit reflection';
$string['errorchoice'] = 'Choose one of the options.';
$string['errordatefuture'] = 'The date cannot be in the future.';
$string['errordateoutsideyear'] = 'The date must be between {$a->start} and {$a->end}, the registration year you are adding to.';
$string['errorhours'] = 'Give hours as a number more than 0 and at most {$a}, or leave it empty.';
$string['errornosnapshot'] = 'cpdsync has not published your registration readiness for this year yet, so nothing can be added to it.';
$string['errorpeerrole'] = 'Say who the peer was (their role), for example "my supervisor" or "a social worker in my team".';
$string['errorrequiredtosubmit'] = 'Write this before submitting, or save as a draft.';
$string['errorserviceclash'] = 'The web service "{$a->name}" (shortname "{$a->shortname}") was not made by this plugin but has the name or shortname the plugin needs. Rename it under Site administration > Server > Web services > External services, then run the upgrade again.';
$string['errortoolong'] = 'This is {$a->length} characters long; shorten it to at most {$a->max}.';
$string['errorunknownpiece'] = 'This piece of CPD is not in your record, so nothing was saved.';
$string['gap_framework_superseded'] = 'Framework superseded';
$string['gap_kss_coverage'] = 'Knowledge and skills not yet covered';
$string['gap_mandatory_expired'] = 'Mandatory training expired';
$string['gap_mandatory_expiring'] = 'Mandatory training expiring';
$string['gap_mandatory_missing'] = 'Mandatory training missing';
$string['gap_swe_cpd_count'] = 'Not enough pieces of CPD';
$string['gap_swe_cpd_reflection'] = 'Reflection missing';
$string['gap_swe_number_missing'] = 'SWE registration number missing';
$string['gap_swe_peer_reflection'] = 'Peer reflection missing';
$string['gap_swe_renewal_missed'] = 'Renewal deadline missed';
$string['gap_swe_renewal_steps'] = 'Renewal steps to finish';
$string['gap_unmapped_completions'] = 'Courses not yet mapped';
$string['gapcourses'] = 'Courses that would help:';
$string['gapentries'] = 'For:';
$string['gapsheading'] = 'What to do';
$string['hoursvalue'] = '{$a} hours';
$string['impact'] = 'The impact on my practice';
$string['impact_help'] = 'How it changed, or will change, your practice and the people you work with. Social Work England looks for a clear impact statement.';
$string['invalidsnapshot'] = 'Readiness snapshot refused: {$a}';
$string['lastupdated'] = 'Last updated by cpdsync on {$a}.';
$string['learnt'] = 'What I learnt';
$string['learnt_help'] = 'What you learnt from this piece of CPD, in your own words.';
$string['myreadiness'] = 'My registration readiness';
$string['noentries'] = 'cpdsync has no CPD for you this year yet. Courses you complete in Moodle appear here after the next update; add CPD you did elsewhere with the button above.';
$string['nosnapshotother'] = 'cpdsync has not published registration readiness for {$a}.';
$string['nosnapshotown'] = 'cpdsync has not published your registration readiness. If you are a registered social worker, ask your learning and development team.';
$string['nostatutorygaps'] = 'None';
$string['otheryears'] = 'Other years:';
$string['outcome_exempt'] = 'not needed (joined after 1 September)';
$string['outcome_met'] = 'requirement met';
$string['outcome_missed'] = 'deadline missed';
$string['outcome_submitted'] = 'renewal submitted';
$string['peer_none'] = 'No peer reflection yet';
$string['peer_recorded_on_swe'] = 'Peer reflection recorded on your SWE account';
$string['peer_written'] = 'Peer reflection written';
$string['peerheading'] = 'Peer reflection (optional)';
$string['peerreflected'] = 'Peer reflection';
$string['peerreflection'] = 'What I learnt from discussing it with a peer';
$string['peerreflection_help'] = 'At least one piece of CPD a year needs a peer reflection: what you learnt from talking it through with a peer (a social worker, your supervisor or line manager, or another professional who knows your practice).';
$string['peerrequired'] = 'Peer reflections needed';
$string['peerrole'] = 'The peer\'s role';
$string['peerrole_help'] = 'Who you discussed it with, by role, not by name: for example "my supervisor" or "a social worker in my team".';
$string['pendingreflection'] = 'Your reflection ({$a->status}) was saved on {$a->time}. It counts after the next cpdsync update, usually within the hour.';
$string['pendingsubmitted'] = 'You declared your renewal submitted on {$a}. It counts after the next cpdsync update, usually within the hour.';
$string['pendingwithdrawn'] = 'You withdrew your renewal declaration on {$a}. It counts after the next cpdsync update, usually within the hour.';
$string['pieces'] = 'Pieces of CPD';
$string['pluginname'] = 'cpdsync companion';
$string['previousyear'] = 'Last year ({$a->label}): {$a->outcome}.';
$string['privacy:metadata:cpdsync'] = 'cpdsync, the council\'s registration readiness service, reads these through the plugin\'s web services with its own token, to compute each worker\'s readiness for Social Work England renewal.';
$string['privacy:metadata:cpdsync:activities'] = 'CPD the worker added in Moodle: title, date, type, hours and description.';
$string['privacy:metadata:cpdsync:completions'] = 'Course completions and their times.';
$string['privacy:metadata:cpdsync:enrolments'] = 'Course enrolments, their state and dates.';
$string['privacy:metadata:cpdsync:profile'] = 'Name, username, email, ID number, suspension and custom profile fields (such as the SWE registration number).';
$string['privacy:metadata:cpdsync:reflections'] = 'The worker\'s reflections, peer reflections and the peer\'s role.';
$string['privacy:metadata:cpdsync:renewals'] = 'The worker\'s declaration that their renewal is submitted.';
$string['privacy:metadata:local_cpdsync_activity'] = 'CPD a worker did outside Moodle and added on the plugin\'s pages.';
$string['privacy:metadata:local_cpdsync_activity:activitydate'] = 'The date of the CPD.';
$string['privacy:metadata:local_cpdsync_activity:cpdtype'] = 'The type of CPD.';
$string['privacy:metadata:local_cpdsync_activity:description'] = 'The worker\'s description of it.';
$string['privacy:metadata:local_cpdsync_activity:hours'] = 'Hours spent.';
$string['privacy:metadata:local_cpdsync_activity:timemodified'] = 'When it was last changed.';
$string['privacy:metadata:local_cpdsync_activity:title'] = 'Its title.';
$string['privacy:metadata:local_cpdsync_activity:userid'] = 'The worker.';
$string['privacy:metadata:local_cpdsync_activity:year'] = 'The registration year.';
$string['privacy:metadata:local_cpdsync_reflection'] = 'A worker\'s reflection on a piece of CPD.';
$string['privacy:metadata:local_cpdsync_reflection:impact'] = 'The impact on their practice.';
$string['privacy:metadata:local_cpdsync_reflection:learnt'] = 'What they learnt.';
$string['privacy:metadata:local_cpdsync_reflection:peerreflection'] = 'What they learnt from discussing it with a peer.';
$string['privacy:metadata:local_cpdsync_reflection:peerrole'] = 'The peer\'s role.';
$string['privacy:metadata:local_cpdsync_reflection:recordedonswe'] = 'Whether they declared it recorded on their SWE account (with or without a peer reflection).';
$string['privacy:metadata:local_cpdsync_reflection:status'] = 'Draft or submitted.';
$string['privacy:metadata:local_cpdsync_reflection:timemodified'] = 'When it was last saved.';
$string['privacy:metadata:local_cpdsync_reflection:userid'] = 'The worker.';
$string['privacy:metadata:local_cpdsync_renewal'] = 'A worker\'s declaration that their renewal is submitted.';
$string['privacy:metadata:local_cpdsync_renewal:submitted'] = 'Declared submitted, or withdrawn.';
$string['privacy:metadata:local_cpdsync_renewal:timemodified'] = 'When it was made or withdrawn.';
$string['privacy:metadata:local_cpdsync_renewal:userid'] = 'The worker.';
$string['privacy:metadata:local_cpdsync_renewal:year'] = 'The registration year.';
$string['privacy:metadata:local_cpdsync_snapshot'] = 'A worker\'s registration readiness for a year, as cpdsync computed it.';
$string['privacy:metadata:local_cpdsync_snapshot:computedat'] = 'When cpdsync computed it.';
$string['privacy:metadata:local_cpdsync_snapshot:snapshot'] = 'The readiness shown on the worker\'s page: status, gaps, CPD with its reflections, renewal steps, and the worker\'s name, email, SWE number, role and team.';
$string['privacy:metadata:local_cpdsync_snapshot:status'] = 'The readiness status.';
$string['privacy:metadata:local_cpdsync_snapshot:team'] = 'The worker\'s team.';
$string['privacy:metadata:local_cpdsync_snapshot:userid'] = 'The worker.';
$string['privacy:metadata:local_cpdsync_snapshot:year'] = 'The registration year.';
$string['privacy:path:activities'] = 'CPD added';
$string['privacy:path:readiness'] = 'Registration readiness';
$string['privacy:path:reflections'] = 'Reflections';
$string['privacy:path:renewals'] = 'Renewal declarations';
$string['profilecategory'] = 'Social Work England registration';
$string['promptspeer'] = 'This was a peer discussion: it can give you the peer reflection you need, once you write it up below.';
$string['provisionaldefault'] = 'Social Work England may still change this year\'s CPD rules; cpdsync will update this page if they do.';
$string['readonlynote'] = 'You are viewing {$a}\'s page. Only they can change it.';
$string['recordedonswe'] = 'I have recorded this on my SWE account';
$string['reflected'] = 'Reflected';
$string['reflectintro'] = 'Write in your own words. Social Work England accepts only reflections you record on your SWE account: when you have, say so below.';
$string['reflection_draft'] = 'Reflection in draft (does not count yet)';
$string['reflection_none'] = 'No reflection yet';
$string['reflection_recorded_on_swe'] = 'Recorded on your SWE account';
$string['reflection_submitted'] = 'Reflection submitted';
$string['reflectiondraftsaved'] = 'Draft saved. It does not count until you submit it.';
$string['reflectionstatus_draft'] = 'draft';
$string['reflectionstatus_submitted'] = 'submitted';
$string['reflectionsubmitted'] = 'Reflection submitted. It counts after the next cpdsync update, usually within the hour.';
$string['reflecttitle'] = 'Reflect on my CPD';
$string['renewaldeclare'] = 'I have submitted my renewal';
$string['renewaldeclareconfirm'] = 'Confirm that you have submitted your renewal application for {$a} to Social Work England and paid the fee. cpdsync will then stop reminding you.';
$string['renewaldeclared'] = 'Thank you. Your renewal counts as submitted after the next cpdsync update.';
$string['renewalheading'] = 'Renewing your registration';
$string['renewalissubmitted'] = 'You have declared your renewal submitted.';
$string['renewalsteps'] = 'To renew by the deadline:';
$string['renewalwithdraw'] = 'Withdraw my renewal declaration';
$string['renewalwithdrawconfirm'] = 'Withdraw your declaration that your renewal for {$a} is submitted? cpdsync will remind you of the renewal steps again.';
$string['renewalwithdrawn'] = 'Your declaration was withdrawn.';
$string['required'] = 'Reflections needed';
$string['role'] = 'Role';
$string['savedraft'] = 'Save as draft';
$string['severity_info'] = 'for information';
$string['severity_local'] = 'council requirement';
$string['severity_renewal'] = 'to renew';
$string['severity_statutory'] = 'needed for Social Work England';
$string['show'] = 'Show';
$string['status'] = 'Status';
$string['status_at_risk'] = 'At risk';
$string['status_exempt'] = 'Not needed this year';
$string['status_in_progress'] = 'In progress';
$string['status_missed'] = 'Deadline missed';
$string['status_ready'] = 'Ready to renew';
$string['status_submitted'] = 'Renewal submitted';
$string['statusheading'] = 'Where you stand';
$string['statutorygaps'] = 'Gaps for Social Work England';
$string['stillneeds'] = 'Still needs:';
$string['submitreflection'] = 'Submit reflection';
$string['suggestion'] = 'cpdsync\'s suggestion';
$string['swe_date'] = 'Date';
$string['swe_description'] = 'Description and relevance';
$string['swe_impact'] = 'Impact on your practice';
$string['swe_learnt'] = 'What you learnt';
$string['swe_none'] = 'Not yet';
$string['swe_peer'] = 'Peer reflection';
$string['swe_peerwithrole'] = 'Discussed with {$a->role}: {$a->text}';
$string['swe_recorded'] = 'Yes, without a peer reflection';
$string['swe_recordedpeer'] = 'Yes, with a peer reflection';
$string['swe_title'] = 'Title';
$string['swe_type'] = 'Type of CPD';
$string['sweheading'] = 'Your SWE account';
$string['team'] = 'Team';
$string['teamcaption'] = 'Registration readiness of the workers you can see, {$a}, most urgent first';
$string['teamcount'] = '{$a} workers';
$string['teamempty'] = 'cpdsync has not published registration readiness for anyone you can see.';
$string['teamnoworkers'] = 'Nobody in this team has readiness for this year.';
$string['teamreadiness'] = 'My team\'s registration readiness';
$string['teamreadinessyear'] = 'Registration year {$a}';
$string['updatedcolumn'] = 'Updated by cpdsync';
$string['waitingheading'] = 'Added here, waiting for cpdsync';
$string['waitingintro'] = 'cpdsync reads these at its next update, usually within the hour; then they count.';
$string['workerreadiness'] = 'Registration readiness: {$a}';
$string['writereflection'] = 'Write reflection';
$string['xofy'] = '{$a->x} of {$a->y}';
$string['year'] = 'Registration year';
$string['yearlabel'] = 'Registration year {$a->year} ({$a->start} to {$a->end})';
