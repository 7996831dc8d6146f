"""cpdsync.daemon — see docs/architecture.md."""
