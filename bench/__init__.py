"""Benchmarks for ladders (`make bench`): synthetic data, ratios against a same-run floor."""
