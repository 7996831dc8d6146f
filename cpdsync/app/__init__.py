"""cpdsync.app: the use cases, one module each — see docs/architecture.md."""
