"""Composing answers: one composer per kind, verbatim citations, framing phrases, the optional LLM rewording."""
