"""Reads for the showcase's pages, one module per area: outputs, reports, continuation."""
