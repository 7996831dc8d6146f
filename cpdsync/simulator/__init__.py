"""A Moodle 4.5 web-services simulator, faithful to replies captured from a real site.

from cpdsync.simulator import load_sample_council, serve_in_thread
with serve_in_thread(load_sample_council()) as sim:
    ...  # sim.url, sim.token, sim.stats(), sim.replace_dataset(...), sim.set_maintenance(True)
"""

from __future__ import annotations

from importlib import resources

from cpdsync.simulator.dataset import Dataset, load_dataset, parse_dataset
from cpdsync.simulator.server import DEFAULT_TOKEN, Simulator, serve_in_thread

SAMPLE_COUNCIL = "sample-council.json"


def load_sample_council() -> Dataset:
    """Return the sample council packaged with cpdsync (about 40 workers and 30 courses)."""
    text = resources.files(__package__).joinpath("data", SAMPLE_COUNCIL).read_text("utf-8")
    return parse_dataset(text, SAMPLE_COUNCIL)


__all__ = [
    "DEFAULT_TOKEN",
    "Dataset",
    "Simulator",
    "load_dataset",
    "load_sample_council",
    "serve_in_thread",
]
