"""Benchmarks: measured quality and speed of the analyzer's stages."""
