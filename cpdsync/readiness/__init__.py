"""cpdsync.readiness — see docs/architecture.md."""
