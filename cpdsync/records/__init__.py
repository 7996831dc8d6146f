"""cpdsync.records — see docs/architecture.md."""
