"""Commands are tested on the same fixtures as the rooms they call: the simulated council of
the use-case tests and the course facts of the mapping tests."""

from tests.app.conftest import council_data, sim
from tests.mappings.conftest import council_courses

__all__ = ["council_courses", "council_data", "sim"]
