"""The dashboard reads what journal keeps; it has no tables of its own (the sums it keeps for
all time are journal's AllTimeSums, so they go with the journal)."""
