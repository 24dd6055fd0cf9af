"""The dashboard reads what journal keeps; it has no tables of its own yet."""
