"""Reading a question: its kind, the documents and units it names, its words (Chinese or English)."""
