"""The English interface catalog is complete, compiled, and in step with the texts in the code."""

from __future__ import annotations

import io
import subprocess
import sys

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from ..conftest import ROOT

CATALOG = ROOT / "quickscan" / "translations" / "en" / "LC_MESSAGES"


def test_every_interface_text_has_an_english_translation() -> None:
    with open(CATALOG / "messages.po", "rb") as fh:
        po = read_po(fh)
    untranslated = [m.id for m in po if m.id and not m.string]
    fuzzy = [m.id for m in po if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalog_matches_the_po_file() -> None:
    with open(CATALOG / "messages.po", "rb") as fh:
        po = {m.id: m.string for m in read_po(fh) if m.id}
    with open(CATALOG / "messages.mo", "rb") as fh:
        mo = {m.id: m.string for m in read_mo(fh) if m.id}
    assert mo == po


def test_the_catalog_covers_every_text_in_the_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from babel.messages.frontend import main; sys.exit(main())",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(pot),
            "--omit-header",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as fh:
        in_code = {m.id for m in read_po(io.BytesIO(fh.read())) if m.id}
    with open(CATALOG / "messages.po", "rb") as fh:
        in_catalog = {m.id for m in read_po(fh) if m.id}
    assert in_code - in_catalog == set(), "run `make translations`"
