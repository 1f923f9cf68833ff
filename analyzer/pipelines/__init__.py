"""The analysis stages, one module (or small package) each:
ingest -> clean -> embed -> model -> compare -> report."""
