"""Every document the job produces, rendered as PDF and as editable DOCX from one
description: a list of blocks (headings, paragraphs, label/value rows, lists, tables,
signature boxes). Apps build the description; this module only renders it.
"""

import base64
import io
import re
from dataclasses import dataclass, field, fields, replace

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Heading:
    text: str
    kind: str = "heading"


@dataclass
class Subheading:
    text: str
    kind: str = "subheading"


@dataclass
class Paragraph:
    text: str
    muted: bool = False
    kind: str = "paragraph"


@dataclass
class Fields:
    rows: list[tuple[str, str]]
    kind: str = "fields"


@dataclass
class Bullets:
    items: list[str]
    kind: str = "bullets"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    kind: str = "table"


@dataclass
class Image:
    """A small PNG (a drawn signature), with its caption."""

    png: bytes
    caption: str
    kind: str = "image"

    @property
    def data_url(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode()


@dataclass
class Signatures:
    """Boxes where each party signs, with what they sign for."""

    parties: list[tuple[str, str]]  # (who, mention)
    kind: str = "signatures"


@dataclass
class SignedBox:
    """One party's box once signed (or not yet): who, for what, when, how — and the
    signature they drew, printed inside the box."""

    who: str
    mention: str
    date: str
    signature: str
    png: bytes | None = None
    caption: str = ""

    @property
    def data_url(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode() if self.png else ""


@dataclass
class SignedBoxes:
    """The signature boxes of a signed document, filled in. Built when the document is
    printed, never part of the content a signature covers (see `Signatures`)."""

    boxes: list[SignedBox]
    kind: str = "signed"


@dataclass
class Letterhead:
    name: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Document:
    title: str
    letterhead: Letterhead
    blocks: list
    subtitle: str = ""
    reference: str = ""
    confidential: bool = True
    date: object = field(default_factory=timezone.localdate)

    @property
    def footer(self) -> str:
        text = f"{self.letterhead.name} — {self.title} — édition du {self.date:%d/%m/%Y}"
        if self.confidential:
            text += " — Document confidentiel : ne le transmettez qu'avec l'accord de la personne."
        return text


def letterhead_for(structure) -> Letterhead:
    lines = [
        line
        for line in (
            structure.address,
            f"{structure.postal_code} {structure.commune.name if structure.commune else ''}".strip(),
        )
        if line
    ]
    contact = " — ".join(x for x in (structure.phone, structure.email) if x)
    if contact:
        lines.append(contact)
    lines.append(f"SIRET {structure.siret}")
    return Letterhead(structure.name, lines)


# « 2h », « 7 h », « 8 h 30 »: a number of hours, however typed, is printed « 2 h » with a
# no-break space, so that the « h » never ends up alone at the start of a line or a cell.
_HOURS = re.compile(r"(\d)[ \u202f]?h\b")


def french_typesetting(text: str) -> str:
    return _HOURS.sub("\\1\u00a0h", text)


def _typeset(value):
    if isinstance(value, str):
        return french_typesetting(value)
    if isinstance(value, list):
        return [_typeset(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_typeset(v) for v in value)
    if isinstance(value, SignedBox):
        return replace(
            value,
            who=french_typesetting(value.who),
            mention=french_typesetting(value.mention),
            signature=french_typesetting(value.signature),
        )
    return value


def typeset(document: Document) -> Document:
    """The document as printed: the same content, with French typesetting applied (only to
    what is printed: the content a signature covers, and its hash, are left as they are)."""
    blocks = [
        replace(block, **{f.name: _typeset(getattr(block, f.name)) for f in fields(block)})
        for block in document.blocks
    ]
    return replace(
        document,
        title=french_typesetting(document.title),
        subtitle=french_typesetting(document.subtitle),
        blocks=blocks,
    )


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    document = typeset(document)
    html = render_to_string("documents/pdf.html", {"document": document})
    return HTML(string=html).write_pdf()


def render_docx(document: Document) -> bytes:
    document = typeset(document)
    docx = DocxDocument()
    section = docx.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(1.8)
    styles = docx.styles
    styles["Normal"].font.name = "DejaVu Sans"
    styles["Normal"].font.size = Pt(10)

    head = docx.add_paragraph()
    run = head.add_run(document.letterhead.name)
    run.bold = True
    run.font.size = Pt(12)
    for line in document.letterhead.lines:
        docx.add_paragraph(line).runs[0].font.size = Pt(9)
    date = docx.add_paragraph(f"Le {document.date:%d/%m/%Y}")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    docx.add_heading(document.title, level=1)
    if document.subtitle:
        docx.add_paragraph(document.subtitle).runs[0].italic = True
    if document.reference:
        docx.add_paragraph(f"Référence : {document.reference}")

    for block in document.blocks:
        if block.kind == "heading":
            docx.add_heading(block.text, level=2)
        elif block.kind == "subheading":
            docx.add_heading(block.text, level=3)
        elif block.kind == "paragraph":
            for text in block.text.split("\n") or [""]:
                paragraph = docx.add_paragraph(text)
                if block.muted and paragraph.runs:
                    paragraph.runs[0].font.color.rgb = RGBColor(0x54, 0x5B, 0x62)
        elif block.kind == "fields":
            table = docx.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in block.rows:
                cells = table.add_row().cells
                cells[0].text = label
                cells[0].paragraphs[0].runs[0].bold = True
                cells[1].text = value or "—"
        elif block.kind == "bullets":
            for item in block.items:
                docx.add_paragraph(item, style="List Bullet")
        elif block.kind == "table":
            table = docx.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = header
                cell.paragraphs[0].runs[0].bold = True
            for row in block.rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value or "—"
        elif block.kind == "image":
            docx.add_picture(io.BytesIO(block.png), width=Cm(6))
            docx.add_paragraph(block.caption).runs[0].font.size = Pt(9)
        elif block.kind == "signatures":
            table = docx.add_table(rows=1, cols=len(block.parties))
            table.style = "Table Grid"
            for cell, (who, mention) in zip(table.rows[0].cells, block.parties, strict=True):
                cell.text = f"{who}\n{mention}\n\nDate :\n\nSignature :\n\n\n"
        elif block.kind == "signed":
            table = docx.add_table(rows=1, cols=len(block.boxes))
            table.style = "Table Grid"
            for cell, box in zip(table.rows[0].cells, block.boxes, strict=True):
                cell.text = f"{box.who}\n{box.mention}\n\n{box.date}\n\n{box.signature}"
                cell.paragraphs[0].runs[0].bold = True
                if box.png:
                    cell.add_paragraph().add_run().add_picture(io.BytesIO(box.png), width=Cm(4))
                    cell.add_paragraph(box.caption).runs[0].font.size = Pt(7)
    footer = section.footer.paragraphs[0]
    footer.text = document.footer
    footer.runs[0].font.size = Pt(8)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def document_response(document: Document, *, fmt: str, filename: str) -> HttpResponse:
    """The document as a download (never cached: it holds personal data)."""
    if fmt == "pdf":
        content, content_type, extension = render_pdf(document), PDF, "pdf"
    elif fmt == "docx":
        content, content_type, extension = render_docx(document), DOCX, "docx"
    else:
        raise ValueError(fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response
