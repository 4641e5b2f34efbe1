"""Deterministic generator of synthetic training documents for Liasse's models.

Every document is drawn from a random generator seeded by (global seed, document
index), so the same command line always writes the same files, whatever the number
of worker processes. See ``models/README.md``.
"""
