"""Renderers: one module per output format, each turning a doc.Document into a file."""
