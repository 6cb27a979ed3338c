"""The programme around the pairs: the coordinator's journal, a pair's membership, the summary format,
intake, the dashboard and certificates."""
