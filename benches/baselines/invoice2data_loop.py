"""The invoice2data baseline of the throughput harness: one process reads its share
of the PDFs with invoice2data's library API (templates loaded once, default text
backends), and prints one JSON line: files read, files with extracted fields, and
the seconds the loop took (interpreter start and template loading excluded, which
favours invoice2data)."""

import json
import logging
import sys
import time

from invoice2data import extract_data
from invoice2data.extract.loader import read_templates

logging.disable(logging.CRITICAL)


def main() -> None:
    template_dir, files = sys.argv[1], sys.argv[2:]
    templates = read_templates() + read_templates(template_dir)
    started = time.perf_counter()
    extracted = 0
    for path in files:
        result = extract_data(path, templates=templates)
        if result:
            extracted += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"files": len(files), "extracted": extracted, "seconds": seconds}))


if __name__ == "__main__":
    main()
