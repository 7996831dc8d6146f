"""cpdsync.mappings — see docs/architecture.md."""
