"""What a running simulator knows besides its dataset: the service, the token owner's
capabilities, switches that tests flip, and the call counts benchmarks read."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from cpdsync.simulator.dataset import Course

# Capabilities of the integration role as the README in tests/fixtures/moodle describes it,
# plus report/progress:view, which core_completion_get_activities_completion_status needs.
# Only those the simulator's answers depend on are listed; any of them may be revoked.
VIEW_HIDDEN = "moodle/course:viewhiddencourses"
DEFAULT_CAPABILITIES = frozenset(
    {
        VIEW_HIDDEN,
        "report/completion:view",
        "report/progress:view",
        "moodle/user:viewalldetails",
        "moodle/course:viewparticipants",
        "moodle/site:sendmessage",
        # docs/moodle-plugin.md gives the role these for the roster, the plugin and the
        # report paths.
        "moodle/cohort:view",
        "local/cpdsync:sync",
        "local/cpdsync:viewcompletions",
        "moodle/reportbuilder:view",
    }
)
# Capabilities a test may grant to see the fields they unlock.
OPTIONAL_CAPABILITIES = frozenset({"moodle/course:update", "moodle/site:viewfullnames"})
KNOWN_CAPABILITIES = DEFAULT_CAPABILITIES | OPTIONAL_CAPABILITIES


@dataclass
class State:
    """Mutable, thread-safe switches shared by the HTTP threads of one simulator."""

    functions: tuple[str, ...]  # the external service, in site-info order
    capabilities: frozenset[str] = DEFAULT_CAPABILITIES
    site_url: str = "http://127.0.0.1"
    # Messages are refused per item, as with Moodle's default privacy settings, when True.
    refuse_messages: bool = False
    clock: Callable[[], float] = time.time
    maintenance: bool = False
    calls: Counter[str] = field(default_factory=Counter)  # HTTP requests by wsfunction
    batched: Counter[str] = field(default_factory=Counter)  # sub-calls inside batches
    faults: Counter[str] = field(default_factory=Counter)  # faults injected, by kind
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_message_id: int = 1
    # Messages delivered through core_message_send_instant_messages, for tests to inspect.
    sent_messages: list[dict[str, object]] = field(default_factory=list)

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    def may_enter(self, course: Course) -> bool:
        """Return whether the token's user may enter ``course``: a hidden one needs
        moodle/course:viewhiddencourses (or moodle/course:update) in it."""
        return course.visible or self.can(VIEW_HIDDEN) or self.can("moodle/course:update")

    def now(self) -> float:
        return self.clock()

    def count(self, wsfunction: str, *, batched: bool = False) -> None:
        with self.lock:
            (self.batched if batched else self.calls)[wsfunction] += 1

    def deliver(self, message: dict[str, object]) -> int:
        """Record a delivered message and return its new message id."""
        with self.lock:
            msgid = self.next_message_id
            self.next_message_id += 1
            self.sent_messages.append({"msgid": msgid, **message})
            return msgid
