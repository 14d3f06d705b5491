"""Finding clauses: the library in memory, hybrid dense + BM25 search, and the evidence that a clause answers."""
