"""Duplicate detection: which earlier items of a board look like a new one.

engine.py holds the scores and the in-memory index, embedding.py the ONNX
model (shipped in model/), lexical.py the word-overlap signal. The engine
imports nothing from Django; the app exists for the `dupes` command.
"""
