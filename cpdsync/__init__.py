"""cpdsync: Moodle course completions to Social Work England CPD readiness."""

__version__ = "0.1.0"
