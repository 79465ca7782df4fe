"""Benchmarks: each prints one JSON object per benchmark; run with `python -m bench.<name>`."""
