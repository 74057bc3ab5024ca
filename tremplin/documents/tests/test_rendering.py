"""How documents are printed: hours with a no-break space, signatures kept with their text."""

import io
import re
import subprocess

from docx import Document as DocxDocument

from tremplin.documents.rendering import (
    Document,
    Fields,
    Heading,
    Letterhead,
    Signatures,
    Table,
    french_typesetting,
    render_docx,
    render_pdf,
    typeset,
)


def pdf_pages(content: bytes) -> list[str]:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return [page for page in result.stdout.decode().split("\f") if page.strip()]


def test_hours_are_printed_with_a_no_break_space_however_typed():
    assert french_typesetting("2h, 7 h et 35 h") == "2\u00a0h, 7\u00a0h et 35\u00a0h"
    assert french_typesetting("8 h 30 – 12h") == "8\u00a0h 30 – 12\u00a0h"
    assert french_typesetting("2 heures, 48 hommes, SHA 1h2f") == "2 heures, 48 hommes, SHA 1h2f"


def _document(rows: int) -> Document:
    return Document(
        title="Contrat",
        letterhead=Letterhead("Mission Locale"),
        blocks=[
            Fields([("Heures d'activité", "15 h par semaine")]),
            Heading("Les actions prévues"),
            Table(["Action", "Heures"], [[f"Action numéro {i}", "2h"] for i in range(rows)]),
            Signatures([("Inès", "J'ai lu ce contrat."), ("Alice", "Mission Locale")]),
        ],
    )


def test_the_docx_prints_hours_with_a_no_break_space():
    docx = DocxDocument(io.BytesIO(render_docx(_document(2))))
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    assert "15\u00a0h par semaine" in cells and "2\u00a0h" in cells
    assert "2h" not in cells


def test_the_pdf_prints_hours_with_a_no_break_space(tmp_path):
    printed = typeset(_document(2))
    assert printed.blocks[2].rows[0] == ["Action numéro 0", "2\u00a0h"]
    # In the PDF, « 2 » and « h » are two words on one line (pdftotext's plain text glues a
    # single digit to its « h », so the word boxes are read instead).
    path = tmp_path / "contrat.pdf"
    path.write_bytes(render_pdf(_document(2)))
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    words = re.findall(r">([^<]*)</word>", boxes)
    assert ("2", "h") in list(zip(words, words[1:], strict=False)) and "2h" not in words


def test_the_signatures_never_stand_alone_at_the_top_of_a_page():
    # Whatever the length of the table before them, the page with the signature boxes also
    # shows the end of that table (without the rule, 24 and 26 rows left them alone).
    for rows in range(22, 30, 2):
        pages = pdf_pages(render_pdf(_document(rows)))
        signing = next(page for page in pages if "Signature :" in page)
        assert f"Action numéro {rows - 1}" in signing, rows


def test_typesetting_leaves_the_content_a_signature_covers_as_it_is():
    document = _document(1)
    render_pdf(document)
    render_docx(document)
    assert document.blocks[2].rows == [["Action numéro 0", "2h"]]
    assert document.blocks[0].rows == [("Heures d'activité", "15 h par semaine")]
