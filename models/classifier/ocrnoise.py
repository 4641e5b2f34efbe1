"""Simulated OCR noise: character confusions, lost accents, broken and merged words,
dropped lines. Cheap stand-in for real OCR on most training texts (real Tesseract output
is used for the documents that have scans).
"""
from __future__ import annotations

import random
import unicodedata

CONFUSIONS = {
    "rn": "m", "m": "rn", "cl": "d", "d": "cl", "l": "1", "1": "l", "I": "l", "O": "0", "0": "O", "o": "0", "e": "c", "c": "e",
    "h": "b", "b": "h", "S": "5", "5": "S", "B": "8", "g": "q", "u": "v", "vv": "w", "w": "vv", ",": ".", ".": ",", "ii": "u",
    "t": "f", "f": "t", "i": "í", "ß": "B", "€": "E", "é": "e", "è": "e", "à": "a", "ü": "u", "ö": "o", "ä": "a",
}


def strip_accents(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if unicodedata.category(ch) != "Mn")


def noisy(text: str, rng: random.Random, level: float) -> str:
    """``text`` with OCR-like errors; ``level`` in [0, 1] scales the error rates."""
    lines = []
    for line in text.splitlines():
        if rng.random() < 0.03 * level:
            continue   # a line the OCR lost
        if rng.random() < 0.1 * level:
            lines.append("".join(rng.choice("|_-~.'`") for _ in range(rng.randint(1, 4))))
        words = line.split(" ")
        out = []
        for w in words:
            if w and rng.random() < 0.25 * level:
                w = _corrupt(w, rng)
            if w and rng.random() < 0.05 * level and len(w) > 3:
                k = rng.randint(1, len(w) - 1)
                w = w[:k] + " " + w[k:]
            out.append(w)
        joined = " ".join(out)
        if rng.random() < 0.3 * level:
            joined = joined.replace(" ", "", 1) if rng.random() < 0.5 else joined
        lines.append(joined)
    if rng.random() < 0.3 * level:
        lines = [strip_accents(ln) for ln in lines]
    return "\n".join(lines)


def _corrupt(word: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.6:
        keys = [k for k in CONFUSIONS if k in word]
        if keys:
            k = rng.choice(keys)
            i = word.find(k)
            return word[:i] + CONFUSIONS[k] + word[i + len(k):]
    if r < 0.75 and len(word) > 2:
        i = rng.randrange(len(word))
        return word[:i] + word[i + 1:]
    if r < 0.85:
        i = rng.randrange(len(word) + 1)
        return word[:i] + rng.choice("il.,'") + word[i:]
    if r < 0.95:
        return word.upper() if rng.random() < 0.5 else word.lower()
    return strip_accents(word)
