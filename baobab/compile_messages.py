"""Compile the .po catalogues (``locale/`` and each app's own ``<app>/locale/``) to .mo files,
without GNU gettext; and give Baobab's one Portuguese the libraries' translations.

Wagtail and several libraries it brings translate into European and Brazilian Portuguese only
(``pt_PT``, ``pt_BR``), and Wagtail's European catalogue leaves a third of the admin in English
("New:", "Collapse all"). Baobab speaks one Portuguese, ``pt``: for each such library this builds
a ``pt`` catalogue from its European messages, completed by its Brazilian ones, into
``locale/packages/`` (in LOCALE_PATHS after ``locale/``). What Baobab's own catalogues
translate is left out of it, so Baobab's own words always win.
"""

import importlib.util
import re
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
PACKAGE_LOCALE_DIR = LOCALE_DIR / "packages"

# A language of the site -> the regional catalogues that stand for it, preferred first.
REGIONAL = {"pt": ("pt_PT", "pt_BR")}
# Brazilian words a European reader would not use, as the filled-in messages change them; only
# words with one meaning, so a replacement never changes what a button does.
REGIONAL_WORDS = {
    "pt": {
        "Salvar": "Guardar",
        "salvar": "guardar",
        "Excluir": "Eliminar",
        "excluir": "eliminar",
        "Usuários": "Utilizadores",
        "usuários": "utilizadores",
        "Usuário": "Utilizador",
        "usuário": "utilizador",
        "Arquivos": "Ficheiros",
        "arquivos": "ficheiros",
        "Arquivo": "Ficheiro",
        "arquivo": "ficheiro",
    }
}
PACKAGES = ("wagtail", "wagtail_localize", "taggit", "django_filters", "django_otp")


def catalogues() -> list[Path]:
    found = list(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    found += BASE_DIR.glob("*/locale/*/LC_MESSAGES/*.po")
    return sorted(path for path in found if ".venv" not in path.parts)


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def _translated(path: Path):
    return [entry for entry in polib.pofile(str(path)) if entry.translated()]


def _in_words_of(language: str, entry):
    words = REGIONAL_WORDS.get(language, {})

    def changed(text):
        for word, replacement in words.items():
            text = re.sub(rf"\b{word}\b", replacement, text)
        return text

    entry.msgstr = changed(entry.msgstr)
    entry.msgstr_plural = {n: changed(text) for n, text in entry.msgstr_plural.items()}
    return entry


def package_locale_dirs() -> list[Path]:
    found = []
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        for root in (spec and spec.submodule_search_locations) or []:
            found += sorted(Path(root).rglob("locale"))
    return found


def build_regional(language: str, regions: tuple[str, ...]) -> None:
    ours = {
        _key(entry)
        for path in catalogues()
        if path.parts[-3] == language
        for entry in _translated(path)
    }
    for domain in ("django", "djangojs"):
        sources = [
            locale / region / "LC_MESSAGES" / f"{domain}.po"
            for locale in package_locale_dirs()
            if not (locale / language).exists()  # the library speaks it already
            for region in regions
        ]
        sources = [path for path in sources if path.exists()]
        target = PACKAGE_LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.mo"
        newest = max((path.stat().st_mtime for path in [*sources, *catalogues()]), default=0)
        if not sources or (target.exists() and target.stat().st_mtime >= newest):
            continue
        merged = polib.POFile()
        merged.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Language": language,
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
        seen = set(ours)
        # Library by library, the preferred region first: the first translation of a message wins.
        for path in sources:
            filled_in = path.parts[-3] != regions[0]
            for entry in _translated(path):
                if _key(entry) not in seen:
                    seen.add(_key(entry))
                    merged.append(_in_words_of(language, entry) if filled_in else entry)
        target.parent.mkdir(parents=True, exist_ok=True)
        merged.save_as_mofile(str(target))
        print(f"built {target.relative_to(BASE_DIR)} ({len(merged)} messages)")


def main() -> None:
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        print(f"compiled {mo_path.relative_to(BASE_DIR)}")
    for language, regions in REGIONAL.items():
        build_regional(language, regions)


if __name__ == "__main__":
    main()
