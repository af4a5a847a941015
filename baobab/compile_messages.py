"""Compile the .po catalogues (``locale/`` and each app's own ``<app>/locale/``) to .mo files,
without GNU gettext."""

from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"


def catalogues() -> list[Path]:
    found = list(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    found += BASE_DIR.glob("*/locale/*/LC_MESSAGES/*.po")
    return sorted(path for path in found if ".venv" not in path.parts)


def main() -> None:
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        print(f"compiled {mo_path.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
