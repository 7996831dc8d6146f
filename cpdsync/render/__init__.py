"""cpdsync.render: text, JSON, CSV, HTML and the SWE-form export — see docs/architecture.md."""
