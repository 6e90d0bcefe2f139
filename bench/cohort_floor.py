"""Floor for cohort reports: only parse every answers file with PyYAML's C loader.

    python bench/cohort_floor.py FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main(folder: str) -> int:
    count = 0
    for path in sorted(Path(folder).glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
        count += 1
    print(f"parsed {count} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
