"""Vectors and the Chroma store: the embedding model, generations of the index, the corpus folder's marks."""
