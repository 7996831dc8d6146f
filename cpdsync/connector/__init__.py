"""cpdsync.connector — see docs/architecture.md."""
