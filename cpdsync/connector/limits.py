"""Every default limit the connector applies, named and in one place.

Each is overridable: the client takes ``timeout_s``, ``max_in_flight`` and a ``RetryPolicy``;
config supplies ``moodle.timeout_s`` and ``moodle.max_in_flight``.
"""

from __future__ import annotations

# Seconds to open a TCP connection. Short, so a closed or firewalled port fails fast: with
# the retry budget below, an unreachable Moodle ends the run (exit 4) well within a minute.
CONNECT_TIMEOUT_S = 5.0
# Seconds to wait for one reply once connected (config: moodle.timeout_s).
READ_TIMEOUT_S = 30.0

# Retries of retriable failures (unavailable, maintenance, timeouts, 5xx, 429).
RETRY_ATTEMPTS = 5
RETRY_TOTAL_S = 30.0  # no retry starts after this many seconds since the first attempt
BACKOFF_BASE_S = 1.0  # first wait; doubles each attempt, with full jitter
BACKOFF_CAP_S = 15.0
RETRY_AFTER_CAP_S = 20.0  # Moodle's CLI maintenance asks for 300 s; we wait at most this

# Concurrency: requests in flight at once (config: moodle.max_in_flight).
MAX_IN_FLIGHT = 4

# Paging and batching.
ENROLLED_USERS_PAGE_SIZE = 200  # core_enrol_get_enrolled_users limitnumber
USERS_BY_FIELD_CHUNK = 200  # ids per core_user_get_users_by_field call
# Sub-calls per tool_mobile_call_external_functions request, by what each reply weighs. Each
# sub-call is 2 POST variables, so even the largest chunk (200 → 403 variables) is well under
# MAX_POST_VARS; the sizes keep one request's reply to a few MB and its Moodle time short.
BATCH_SIZE = 50  # completion-status sub-calls (and other small replies)
USERS_COURSES_BATCH_SIZE = 100  # core_enrol_get_users_courses: ~10 courses per worker
ENROLLED_USERS_BATCH_SIZE = 20  # core_enrol_get_enrolled_users: up to a page of 200 users each
# local_cpdsync_get_course_completions rows per call: the plugin's own maximum (rows are small).
PLUGIN_PAGE_SIZE = 5000
# local_cpdsync_get_users(_with_field) users per page (the plugin's maximum), and the most
# user ids one local_cpdsync_get_users call may name.
PLUGIN_USERS_PAGE_SIZE = 5000
PLUGIN_USERIDS_MAX = 1000
# core_user_get_users_by_field sub-calls per batch: each answers up to USERS_BY_FIELD_CHUNK
# users with their profile fields (~1 kB each).
USERS_BY_FIELD_BATCH_SIZE = 10
# core_reportbuilder_retrieve_report rows per page: 1000 rows came back in about 0.1 s.
REPORT_PAGE_SIZE = 1000
# Messages per core_message_send_instant_messages call (4 POST variables each). Small, so a
# call that fails leaves few reminders whose delivery is unknown.
MESSAGES_BATCH_SIZE = 25

# PHP's max_input_vars silently drops POST variables past the limit (PHP default 1000;
# Moodle 4.5 asks for 5000). We refuse to send more than this many.
MAX_POST_VARS = 900
