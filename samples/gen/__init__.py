"""Building blocks of samples/generate.py (see samples/README.md)."""
