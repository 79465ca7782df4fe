"""Helpers the benchmarks (and some tests) share; nothing here is a benchmark itself."""
