"""E-mails, Outlook messages, spreadsheets, slide decks and OpenDocument files, written here by the tests.

Every file is built in memory (python-docx, fpdf2, openpyxl, python-pptx, extract-msg's OLE writer, and
hand-written ODF XML) and read by content: the tests pass no file name unless the name is the point.
"""
from __future__ import annotations

import base64
import io
import quopri
import struct
import zipfile
from pathlib import Path

import pytest

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, ReadError, ReadResult
from ingest.readers import read_bytes
from ingest.readers import Limits

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# Invented text (no corpus sentence): a programme, its description, its numbers.
DESC_1 = ("Το πρόγραμμα «Γέφυρα» προσφέρει μαθήματα ελληνικών σε γονείς μαθητών δύο φορές την εβδομάδα, "
          "στο σχολείο της γειτονιάς, με παιδική φροντίδα την ώρα του μαθήματος.")
DESC_2 = ("Η Άνοιξη των Γειτονιών είναι μια γιορτή στην πλατεία όπου κοινότητες μεταναστών μαγειρεύουν, "
          "παίζουν μουσική και γνωρίζουν τους γείτονές τους κάθε Μάιο.")
DESC_3 = ("Το Άτυπο Σχολείο Ψηφιακών Δεξιοτήτων μαθαίνει σε ενήλικες να χρησιμοποιούν υπηρεσίες του δημοσίου "
          "από το κινητό τους, με βοηθούς που μιλούν αραβικά και φαρσί.")


def texts(result: ReadResult) -> list[str]:
    return [b.text for b in result.blocks]


# ------------------------------------------------------------------------------------ builders


def make_docx(title: str, paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(title, level=1)
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 6, line)
        pdf.ln(4)
    return bytes(pdf.output())


def _encode_body(text: str, charset: str, cte: str) -> bytes:
    raw = text.encode(charset)
    if cte == "base64":
        return base64.encodebytes(raw)
    if cte == "quoted-printable":
        return quopri.encodestring(raw)
    return raw


def mime_part(ctype: str, text: str, charset: str, cte: str) -> bytes:
    return (f'Content-Type: {ctype}; charset="{charset}"\r\nContent-Transfer-Encoding: {cte}\r\n\r\n').encode() \
        + _encode_body(text, charset, cte)


def attachment_part(ctype: str, data: bytes, name_header: str) -> bytes:
    return (f"Content-Type: {ctype}\r\nContent-Disposition: attachment;\r\n {name_header}\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n").encode() + base64.encodebytes(data)


def make_eml(subject_header: str, parts: list[bytes], kind: str = "mixed", extra_headers: str = "") -> bytes:
    head = ("From: =?utf-8?B?" + base64.b64encode("Δήμος Δοκιμής".encode()).decode() + "?= <kem@example.gr>\r\n"
            "To: network@example.org\r\nDate: Mon, 6 Mar 2023 10:15:00 +0200\r\n"
            f"Subject: {subject_header}\r\nMessage-ID: <1@example.gr>\r\nMIME-Version: 1.0\r\n{extra_headers}")
    if len(parts) == 1:
        return head.encode() + parts[0]
    boundary = f"=_b_{kind}_1"
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + p + b"\r\n" for p in parts) + b"--" + boundary.encode() + b"--\r\n"
    return head.encode() + f'Content-Type: multipart/{kind}; boundary="{boundary}"\r\n\r\n'.encode() + body


def rfc2047(text: str, charset: str) -> str:
    return f"=?{charset}?B?" + base64.b64encode(text.encode(charset)).decode() + "?="


def make_xlsx(sheets: dict[str, list[list]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


PRACTICES_SHEET = [
    ["Χαρτογράφηση δράσεων 2024"],
    [],
    ["Όνομα δράσης", "Περιγραφή", "Ομάδα-στόχος", "Χρηματοδότηση"],
    ["Γέφυρα γονέων", DESC_1, "Γονείς μαθητών", "Ίδιοι πόροι"],
    ["Άνοιξη των Γειτονιών", DESC_2, "Κοινότητες μεταναστών", "Χορηγία"],
    ["Ψηφιακές δεξιότητες", DESC_3, "Ενήλικες", "ΕΣΠΑ"],
]
STATS_SHEET = [
    ["Μήνας", "Ωφελούμενοι", "Συνεδρίες"],
    ["Ιανουάριος", 41, 120],
    ["Φεβρουάριος", 38, 101],
    ["Μάρτιος", 52, 133],
]


def make_pptx(with_notes: bool = True) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    s1 = prs.slides.add_slide(prs.slide_layouts[0])  # title slide
    s1.shapes.title.text = "Δράσεις ένταξης του Δήμου"
    s1.placeholders[1].text = "Συνάντηση δικτύου, Μάιος 2024"
    s2 = prs.slides.add_slide(prs.slide_layouts[1])  # title and content
    s2.shapes.title.text = "Γέφυρα γονέων"
    frame = s2.placeholders[1].text_frame
    frame.text = "Μαθήματα ελληνικών για γονείς"
    p = frame.add_paragraph()
    p.text = "Δύο φορές την εβδομάδα"
    p.level = 1
    p = frame.add_paragraph()
    p.text = "Παιδική φροντίδα την ώρα του μαθήματος"
    if with_notes:
        s2.notes_slide.notes_text_frame.text = "Να αναφερθούν τα 27 άτομα που συμμετείχαν."
    s3 = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    s3.shapes.title.text = "Οι αριθμοί"
    table = s3.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r, row in enumerate([["Έτος", "Συμμετέχοντες"], ["2022", "18"], ["2023", "27"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')


def make_odf(kind: str, body: str, *, manifest_extra: str = "", prolog: str = "") -> bytes:
    mimetype = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}[kind]
    tag = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}[kind]
    content = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {ODF_NS}>'
               f'<office:body><office:{tag}>{body}</office:{tag}></office:body></office:document-content>')
    meta = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODF_NS}><office:meta>'
            '<dc:title>Δοκιμαστικό έγγραφο</dc:title><dc:creator>Γραφείο Ένταξης</dc:creator>'
            '</office:meta></office:document-meta>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                f'<manifest:file-entry manifest:full-path="content.xml">{manifest_extra}</manifest:file-entry>'
                '</manifest:manifest>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{mimetype}")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("meta.xml", meta, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


ODT_BODY = (
    '<text:h text:outline-level="1">Σχέδιο ένταξης</text:h>'
    '<text:p>Εισαγωγή<text:s text:c="2"/>με <text:span>έμφαση</text:span> στα παιδιά.<text:note><text:note-body>'
    '<text:p>υποσημείωση</text:p></text:note-body></text:note></text:p>'
    '<text:h text:outline-level="2">Δράσεις</text:h>'
    '<text:list><text:list-item><text:p>Μαθήματα γλώσσας</text:p>'
    '<text:list><text:list-item><text:p>για γονείς</text:p></text:list-item></text:list></text:list-item>'
    '<text:list-item><text:p>Γιορτή γειτονιάς</text:p></text:list-item></text:list>'
    '<table:table table:name="T"><table:table-row><table:table-cell><text:p>Έτος</text:p></table:table-cell>'
    '<table:table-cell><text:p>Άτομα</text:p></table:table-cell></table:table-row>'
    '<table:table-row><table:table-cell><text:p>2023</text:p></table:table-cell>'
    '<table:table-cell><text:p>27</text:p></table:table-cell></table:table-row></table:table>'
    '<text:p>Τέλος.</text:p>'
)


def ods_body(sheets: dict[str, list[list]]) -> str:
    out = []
    for name, rows in sheets.items():
        out.append(f'<table:table table:name="{name}">')
        for row in rows:
            cells = "".join(f"<table:table-cell><text:p>{v}</text:p></table:table-cell>" if v not in ("", None)
                            else "<table:table-cell/>" for v in row)
            out.append(f"<table:table-row>{cells}</table:table-row>")
        out.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
                   'table:number-columns-repeated="1024"/></table:table-row></table:table>')
    return "".join(out)


ODP_BODY = (
    '<draw:page draw:name="1">'
    '<draw:frame presentation:class="title" svg:y="1cm" svg:x="1cm"><draw:text-box>'
    '<text:p>Δράσεις ένταξης</text:p></draw:text-box></draw:frame>'
    '<draw:frame presentation:class="subtitle" svg:y="5cm" svg:x="1cm"><draw:text-box>'
    '<text:p>Μάιος 2024</text:p></draw:text-box></draw:frame></draw:page>'
    '<draw:page draw:name="2">'
    '<draw:frame presentation:class="outline" svg:y="4cm" svg:x="1cm"><draw:text-box>'
    '<text:list><text:list-item><text:p>Μαθήματα για γονείς</text:p>'
    '<text:list><text:list-item><text:p>δύο φορές την εβδομάδα</text:p></text:list-item></text:list>'
    '</text:list-item></text:list></draw:text-box></draw:frame>'
    '<draw:frame presentation:class="title" svg:y="1cm" svg:x="1cm"><draw:text-box>'
    '<text:p>Γέφυρα γονέων</text:p></draw:text-box></draw:frame>'
    '<draw:frame svg:y="9cm" svg:x="1cm"><table:table><table:table-row><table:table-cell><text:p>Έτος</text:p>'
    '</table:table-cell><table:table-cell><text:p>Άτομα</text:p></table:table-cell></table:table-row>'
    '<table:table-row><table:table-cell><text:p>2023</text:p></table:table-cell><table:table-cell>'
    '<text:p>27</text:p></table:table-cell></table:table-row></table:table></draw:frame>'
    '<presentation:notes><draw:frame presentation:class="notes"><draw:text-box>'
    '<text:p>Σημείωση ομιλητή για τη γέφυρα.</text:p></draw:text-box></draw:frame></presentation:notes>'
    '</draw:page>'
)


def make_msg(subject: str, body: str, attachments: list[tuple[str, bytes]] = ()) -> bytes:
    """A minimal Outlook message: MAPI property streams in an OLE file (extract-msg's own writer)."""
    from extract_msg.ole_writer import OleWriter

    def props(entries, header):
        return header + b"".join(struct.pack("<IIQ", tag, 6, value) for tag, value in entries)

    w = OleWriter()
    w.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        w.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", data=b"")
    w.addEntry("__substg1.0_001A001F", data="IPM.Note".encode("utf-16-le"))
    w.addEntry("__substg1.0_0037001F", data=subject.encode("utf-16-le"))
    w.addEntry("__substg1.0_1000001F", data=body.encode("utf-16-le"))
    n = len(attachments)
    w.addEntry("__properties_version1.0",
               data=props([(0x340D0003, 0x00040000)], struct.pack("<8sIIII8s", bytes(8), 0, n, 0, n, bytes(8))))
    for i, (name, data) in enumerate(attachments):
        d = f"__attach_version1.0_#{i:08X}"
        w.addEntry(d, storage=True)
        w.addEntry(d + "/__substg1.0_37010102", data=data)
        w.addEntry(d + "/__substg1.0_3707001F", data=name.encode("utf-16-le"))
        w.addEntry(d + "/__properties_version1.0", data=props([(0x37050003, 1)], bytes(8)))
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------ e-mail

GREEK_BODY = "Καλημέρα σας,\n\nΆνοιξε το νέο τμήμα ελληνικών για γονείς στο σχολείο.\nΟ χώρος είναι ήδη έτοιμος.\n"


@pytest.mark.parametrize("charset", ["iso-8859-7", "windows-1253", "utf-8"])
@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_eml_greek_charsets_and_transfer_encodings(charset, cte):
    data = make_eml(rfc2047("Νέο τμήμα ελληνικών", charset), [mime_part("text/plain", GREEK_BODY, charset, cte)])
    result = read_bytes(data)
    assert result.format == "eml"
    assert result.blocks[0].kind == HEADING and result.blocks[0].level == 1
    assert texts(result)[:3] == ["Νέο τμήμα ελληνικών", "Καλημέρα σας,",
                                 "Άνοιξε το νέο τμήμα ελληνικών για γονείς στο σχολείο. Ο χώρος είναι ήδη έτοιμος."]
    assert result.meta["title"] == "Νέο τμήμα ελληνικών"
    assert "kem@example.gr" in result.meta["author"]


@pytest.mark.parametrize("actual,label", [("windows-1253", "iso-8859-7"), ("iso-8859-7", "windows-1253"),
                                          ("windows-1253", "iso-8859-1")])
def test_eml_mislabelled_greek_charset_is_read_right(actual, label):
    """Ά is 0xA2 in windows-1253 and 0xB6 in iso-8859-7: a mislabelled body would read '’νοιξε' or '¶νοιξε'."""
    part = (f'Content-Type: text/plain; charset="{label}"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n').encode() \
        + GREEK_BODY.encode(actual)
    result = read_bytes(make_eml("Test", [part]))
    assert "Άνοιξε το νέο τμήμα ελληνικών" in result.text
    assert "¶" not in result.text and "’" not in result.text


def test_eml_raw_8bit_greek_subject():
    part = mime_part("text/plain", GREEK_BODY, "utf-8", "8bit")
    data = make_eml("PLACEHOLDER", [part]).replace(b"PLACEHOLDER", "Θέμα με ελληνικά".encode("cp1253"))
    assert read_bytes(data).blocks[0].text == "Θέμα με ελληνικά"


def test_eml_prefers_plain_when_html_says_the_same():
    html = "<p>Καλημέρα σας,</p><p>Άνοιξε το νέο τμήμα ελληνικών για γονείς στο σχολείο. Ο χώρος είναι ήδη έτοιμος.</p>"
    alt = make_eml("Τμήμα", [mime_part("text/plain", GREEK_BODY, "utf-8", "base64"),
                             mime_part("text/html", html, "utf-8", "quoted-printable")], kind="alternative")
    result = read_bytes(alt)
    assert result.meta["body"] == "plain"
    assert "Άνοιξε το νέο τμήμα" in result.text


def test_eml_reads_html_when_it_holds_more():
    html = ("<h2>Απολογισμός</h2><p>Καλημέρα σας,</p><table><tr><td>Έτος</td><td>Άτομα</td></tr>"
            "<tr><td>2023</td><td>27</td></tr></table><p>Με εκτίμηση</p>")
    alt = make_eml("Απολογισμός", [mime_part("text/plain", "Καλημέρα σας,\n\nΜε εκτίμηση\n", "utf-8", "7bit"
                                             if False else "base64"),
                                   mime_part("text/html", html, "windows-1253", "quoted-printable")], kind="alternative")
    result = read_bytes(alt)
    assert result.meta["body"] == "html"
    kinds = [b.kind for b in result.blocks]
    assert TABLE in kinds
    assert [b.level for b in result.blocks if b.kind == HEADING] == [1, 2]  # subject above the body's headings


def test_eml_quoted_reply_kept_in_order_without_markers():
    body = ("Ευχαριστούμε, στέλνουμε τα στοιχεία.\n\nΣτις 6/3 ο Γραμματέας έγραψε:\n"
            "> Παρακαλούμε στείλτε τις δράσεις σας\n> έως το τέλος του μήνα.\n>\n>> Παλαιότερο μήνυμα.\n")
    result = read_bytes(make_eml("Re: Δράσεις", [mime_part("text/plain", body, "utf-8", "quoted-printable")]))
    t = texts(result)
    assert t[1] == "Ευχαριστούμε, στέλνουμε τα στοιχεία."
    joined = "\n".join(t)
    assert "Παρακαλούμε στείλτε τις δράσεις σας έως το τέλος του μήνα." in joined
    assert joined.index("Παρακαλούμε") < joined.index("Παλαιότερο μήνυμα.")
    assert ">" not in joined


def _eml_with_attachments() -> bytes:
    docx_bytes = make_docx("Γέφυρα γονέων", [DESC_1])
    pdf_bytes = make_pdf([DESC_2])
    name_2231 = "filename*=utf-8''" + "".join(f"%{b:02X}" for b in "Σημείωμα δράσεων.docx".encode())
    name_2047 = 'filename="' + rfc2047("Γιορτή.pdf", "iso-8859-7") + '"'
    return make_eml(rfc2047("Στοιχεία για τη βάση", "utf-8"), [
        mime_part("text/plain", "Σας στέλνουμε δύο σημειώματα.\n", "iso-8859-7", "quoted-printable"),
        attachment_part("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx_bytes,
                        name_2231),
        attachment_part("application/pdf", pdf_bytes, name_2047),
        attachment_part("image/png", b"\x89PNG\r\n\x1a\n" + bytes(40), 'filename="logo.png"'),
    ])


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")
def test_eml_attachments_are_read_as_parts_with_rfc2231_and_2047_names():
    result = read_bytes(_eml_with_attachments())
    assert [n for n, _ in result.parts] == ["Σημείωμα δράσεων.docx", "Γιορτή.pdf"]
    docx_part, pdf_part = (p for _, p in result.parts)
    assert docx_part.format == "docx" and DESC_1 in docx_part.text
    assert pdf_part.format == "pdf" and "Άνοιξη των Γειτονιών" in pdf_part.text
    assert "logo.png" in result.meta["attachments_unread"]
    assert DESC_1 not in result.text  # the body is the body; the attachments are parts


def test_eml_attached_message_is_read_recursively_with_a_depth_limit():
    inner = make_eml(rfc2047("Εσωτερικό μήνυμα", "utf-8"), [mime_part("text/plain", DESC_3, "utf-8", "base64")])
    part = b'Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename="fw.eml"\r\n\r\n' + inner
    outer = make_eml("FW", [mime_part("text/plain", "Προωθώ.\n", "utf-8", "7bit"), part])
    result = read_bytes(outer)
    assert [n for n, _ in result.parts] == ["fw.eml"]
    assert DESC_3 in result.parts[0][1].text
    deep = outer
    for _ in range(5):
        deep = make_eml("FW", [mime_part("text/plain", "Προωθώ.\n", "utf-8", "7bit"),
                               b'Content-Type: message/rfc822\r\n\r\n' + deep])
    depth, r = 0, read_bytes(deep)
    while r.parts:
        depth, r = depth + 1, r.parts[0][1]
    assert depth <= 4


def test_eml_failures():
    headers_only = make_eml("Κενό", [b"Content-Type: text/plain\r\n\r\n"])
    with pytest.raises(ReadError, match="empty e-mail"):
        read_bytes(headers_only)
    encrypted = make_eml("Κρυπτό", [b'Content-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n',
                                    b"Content-Type: application/octet-stream\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n"],
                         kind="encrypted")
    with pytest.raises(ReadError, match="encrypted e-mail"):
        read_bytes(encrypted)
    with pytest.raises(ReadError, match="too large"):
        read_bytes(make_eml("x", [mime_part("text/plain", GREEK_BODY * 50, "utf-8", "base64")]),
                   limits=Limits(max_bytes=1000))


def test_text_memo_is_not_taken_for_an_email():
    memo = "Θέμα: Σύσκεψη\nΗμερομηνία: 3/3\n\nΣυζητήθηκε το πρόγραμμα.\n".encode()
    assert read_bytes(memo).format in ("txt", "md")


def test_msg_outlook_message_with_attachment():
    data = make_msg("Στοιχεία δράσεων", "Καλημέρα,\r\n\r\nΣας στέλνουμε τη δράση.\r\n",
                    [("Γέφυρα.docx", make_docx("Γέφυρα γονέων", [DESC_1]))])
    result = read_bytes(data)
    assert result.format == "msg"
    assert texts(result)[:3] == ["Στοιχεία δράσεων", "Καλημέρα,", "Σας στέλνουμε τη δράση."]
    assert [n for n, _ in result.parts] == ["Γέφυρα.docx"]
    assert DESC_1 in result.parts[0][1].text


def test_msg_corrupt():
    data = make_msg("Θέμα", "Κείμενο")
    with pytest.raises(ReadError):
        read_bytes(data[:2000] + bytes(len(data) - 2000))


# ------------------------------------------------------------------------------------ spreadsheets


def _records(result: ReadResult) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for b in result.blocks:
        if b.kind == HEADING and b.style.get("record"):
            out.append((b.text, []))
        elif out and b.kind == PARAGRAPH and b.style.get("field") is not None:
            out[-1][1].append(b.text)
    return out


def test_xlsx_practices_sheet_gives_one_record_per_row_and_stats_a_table():
    result = read_bytes(make_xlsx({"Δράσεις": PRACTICES_SHEET, "Στατιστικά": STATS_SHEET}))
    assert result.format == "xlsx"
    records = _records(result)
    assert [r[0] for r in records] == ["Γέφυρα γονέων", "Άνοιξη των Γειτονιών", "Ψηφιακές δεξιότητες"]
    assert records[0][1] == [f"Περιγραφή: {DESC_1}", "Ομάδα-στόχος: Γονείς μαθητών", "Χρηματοδότηση: Ίδιοι πόροι"]
    headings = [b.text for b in result.blocks if b.kind == HEADING and b.level == 1]
    assert headings == ["Δράσεις", "Στατιστικά"]
    table = next(b for b in result.blocks if b.kind == TABLE)
    assert table.rows[0] == ("Μήνας", "Ωφελούμενοι", "Συνεδρίες") and table.rows[1] == ("Ιανουάριος", "41", "120")
    assert "Χαρτογράφηση δράσεων 2024" in texts(result)


def test_register_rows_become_practices_with_fields():
    from ingest.extraction import extract_practices

    result = read_bytes(make_xlsx({"Δράσεις": PRACTICES_SHEET, "Στατιστικά": STATS_SHEET}))
    practices = extract_practices(result.blocks, source="map.xlsx", meta=result.meta)
    assert [p.title for p in practices] == ["Γέφυρα γονέων", "Άνοιξη των Γειτονιών", "Ψηφιακές δεξιότητες"]
    assert practices[0].funding == "Ίδιοι πόροι"
    assert DESC_2 in practices[1].text


def test_sheet_of_short_cells_is_a_table_not_records():
    contacts = [["Όνομα", "Θέση", "Τηλέφωνο", "Email"],
                ["Α. Παππά", "Συντονίστρια", "210 000 0001", "a@example.gr"],
                ["Β. Νικολάου", "Ψυχολόγος", "210 000 0002", "b@example.gr"]]
    result = read_bytes(make_xlsx({"Επαφές": contacts}))
    assert not _records(result)
    assert [b.kind for b in result.blocks] == [TABLE]


def test_csv_semicolon_greek_codepage_register():
    rows = [";".join(['"' + str(c).replace('"', '""') + '"' for c in r]) for r in PRACTICES_SHEET[2:]]
    data = ("\r\n".join(rows) + "\r\n").encode("cp1253")
    result = read_bytes(data)
    assert result.format == "csv"
    assert [r[0] for r in _records(result)] == ["Γέφυρα γονέων", "Άνοιξη των Γειτονιών", "Ψηφιακές δεξιότητες"]


def test_prose_with_commas_stays_text():
    prose = ("Το πρόγραμμα, που ξεκίνησε το 2021, συνεχίζεται.\n\nΟι γονείς έρχονται κάθε Τετάρτη.\n\n"
             "Η αίθουσα, η βιβλιοθήκη και η αυλή, ανοίγουν νωρίς, στις οκτώ, κάθε πρωί.\n").encode()
    assert read_bytes(prose).format in ("txt", "md")


def test_ods_register_and_stats_with_huge_repeated_empty_rows():
    result = read_bytes(make_odf("ods", ods_body({"Δράσεις": PRACTICES_SHEET, "Στατιστικά": STATS_SHEET})))
    assert result.format == "ods"
    assert [r[0] for r in _records(result)] == ["Γέφυρα γονέων", "Άνοιξη των Γειτονιών", "Ψηφιακές δεξιότητες"]
    assert any(b.kind == TABLE and b.rows[1] == ("Ιανουάριος", "41", "120") for b in result.blocks)


def test_spreadsheet_failures():
    with pytest.raises(ReadError, match="empty"):
        read_bytes(make_xlsx({"Κενό": []}))
    data = make_xlsx({"Δράσεις": PRACTICES_SHEET})
    with pytest.raises(ReadError, match="corrupt"):
        read_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="too large"):
        read_bytes(data, limits=Limits(max_bytes=1000))


# ------------------------------------------------------------------------------------ slides


def test_pptx_slides_in_order_with_levels_table_and_notes():
    result = read_bytes(make_pptx())
    assert result.format == "pptx"
    got = [(b.kind, b.level, b.text, b.page) for b in result.blocks if b.kind != TABLE]
    assert got == [
        (HEADING, 1, "Δράσεις ένταξης του Δήμου", 1),
        (PARAGRAPH, 0, "Συνάντηση δικτύου, Μάιος 2024", 1),
        (HEADING, 2, "Γέφυρα γονέων", 2),
        (LIST_ITEM, 1, "Μαθήματα ελληνικών για γονείς", 2),
        (LIST_ITEM, 2, "Δύο φορές την εβδομάδα", 2),
        (LIST_ITEM, 1, "Παιδική φροντίδα την ώρα του μαθήματος", 2),
        (PARAGRAPH, 0, "Να αναφερθούν τα 27 άτομα που συμμετείχαν.", 2),
        (HEADING, 2, "Οι αριθμοί", 3),
    ]
    notes = [b for b in result.blocks if b.style.get("notes")]
    assert [b.text for b in notes] == ["Να αναφερθούν τα 27 άτομα που συμμετείχαν."]
    table = next(b for b in result.blocks if b.kind == TABLE)
    assert table.rows == (("Έτος", "Συμμετέχοντες"), ("2022", "18"), ("2023", "27")) and table.page == 3


def test_odp_slides_in_order_with_title_outline_table_and_notes():
    result = read_bytes(make_odf("odp", ODP_BODY))
    assert result.format == "odp"
    got = [(b.kind, b.level, b.text) for b in result.blocks]
    assert got[:6] == [(HEADING, 1, "Δράσεις ένταξης"), (PARAGRAPH, 0, "Μάιος 2024"), (HEADING, 2, "Γέφυρα γονέων"),
                       (LIST_ITEM, 1, "Μαθήματα για γονείς"), (LIST_ITEM, 2, "δύο φορές την εβδομάδα"),
                       (TABLE, 0, "Έτος | Άτομα\n2023 | 27")]
    assert result.blocks[-1].style.get("notes") and result.blocks[-1].text == "Σημείωση ομιλητή για τη γέφυρα."


def test_slide_failures():
    data = make_pptx()
    with pytest.raises(ReadError, match="corrupt"):
        read_bytes(data[: len(data) // 3])
    from pptx import Presentation

    buf = io.BytesIO()
    Presentation().save(buf)
    with pytest.raises(ReadError, match="empty"):
        read_bytes(buf.getvalue())


# ------------------------------------------------------------------------------------ OpenDocument text


def test_odt_read_natively_in_order():
    result = read_bytes(make_odf("odt", ODT_BODY))
    assert result.format == "odt"
    assert "converted_with" not in result.meta and result.meta["title"] == "Δοκιμαστικό έγγραφο"
    got = [(b.kind, b.level, b.text) for b in result.blocks]
    assert got == [
        (HEADING, 1, "Σχέδιο ένταξης"),
        (PARAGRAPH, 0, "Εισαγωγή με έμφαση στα παιδιά."),
        (HEADING, 2, "Δράσεις"),
        (LIST_ITEM, 1, "Μαθήματα γλώσσας"),
        (LIST_ITEM, 2, "για γονείς"),
        (LIST_ITEM, 1, "Γιορτή γειτονιάς"),
        (TABLE, 0, "Έτος | Άτομα\n2023 | 27"),
        (PARAGRAPH, 0, "Τέλος."),
    ]


@pytest.mark.parametrize("kind", ["odt", "ods", "odp"])
def test_odf_failures(kind):
    body = {"odt": ODT_BODY, "ods": ods_body({"A": PRACTICES_SHEET}), "odp": ODP_BODY}[kind]
    encrypted = make_odf(kind, body, manifest_extra='<manifest:encryption-data manifest:checksum="x"/>')
    with pytest.raises(ReadError, match="encrypted"):
        read_bytes(encrypted)
    entities = make_odf(kind, body, prolog='<!DOCTYPE x [<!ENTITY a "aaaa">]>')
    with pytest.raises(ReadError, match="entity"):
        read_bytes(entities)
    with pytest.raises(ReadError, match="empty"):
        read_bytes(make_odf(kind, ""))
    data = make_odf(kind, body)
    with pytest.raises(ReadError, match="corrupt"):
        read_bytes(data[: len(data) - 200])


def test_odf_zip_bomb_is_refused():
    body = ODT_BODY + "<text:p>" + "α" * 3_000_000 + "</text:p>"
    with pytest.raises(ReadError, match="zip bomb"):
        read_bytes(make_odf("odt", body), limits=Limits(max_unzipped_bytes=1_000_000))


# ------------------------------------------------------------------------------------ ingestion of parts


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")
def test_practices_in_attachments_name_the_attachment_and_match_the_emails_doc(tmp_path):
    from ingest.batch import process_bytes
    from search.evaluate import hits_of

    data = _eml_with_attachments()
    out = process_bytes(data, "ΚΕΜ/απάντηση.eml", "", 50)
    assert "error" not in out, out
    assert len(out["parts"]) == len(out["practices"])
    docx_rows = [p for p, part in zip(out["practices"], out["parts"]) if part == "Σημείωμα δράσεων.docx"]
    assert docx_rows and any("Γέφυρα" in p["text"] for p in docx_rows)
    record = {"source_path": "ΚΕΜ/απάντηση.eml › Σημείωμα δράσεων.docx", "title": docx_rows[0]["title"],
              "text": docx_rows[0]["text"]}
    gold = [{"id": "g1", "doc": "ΚΕΜ/απάντηση.eml", "marker": "μαθήματα ελληνικών σε γονείς μαθητών δύο φορές"},
            {"id": "g2", "doc": "ΚΕΜ/απάντηση.e", "marker": "μαθήματα ελληνικών σε γονείς μαθητών δύο φορές"}]
    assert hits_of(record, gold) == ["g1"]


def test_store_keeps_each_practices_own_source(tmp_path):
    from kb.model import Practice
    from kb.store import Store

    store = Store(tmp_path / "kb.sqlite")
    doc = store.upsert_document(sha256="a" * 64, size=1, format="eml", status="ingested")
    store.replace_practices(doc, [Practice(title="A", text="a"), Practice(title="B", text="b")], ["p1", "p2"],
                            source_path="x.eml", source_paths=["x.eml", "x.eml › r.pdf"])
    rows = store.rows("SELECT id, source_path FROM practices ORDER BY id")
    assert [(r["id"], r["source_path"]) for r in rows] == [("p1", "x.eml"), ("p2", "x.eml › r.pdf")]


# ------------------------------------------------------------------------------------ fuzzing

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from fuzzing import mutate, mutation

_SEEDS: dict[str, bytes] = {}


def _seed(kind: str) -> bytes:
    if kind not in _SEEDS:
        _SEEDS[kind] = {
            "eml": lambda: make_eml(rfc2047("Θέμα", "iso-8859-7"), [
                mime_part("text/plain", GREEK_BODY, "iso-8859-7", "quoted-printable"),
                attachment_part("application/octet-stream", make_docx("Τίτλος", [DESC_1]), 'filename="a.docx"')]),
            "msg": lambda: make_msg("Θέμα", GREEK_BODY, [("a.txt", DESC_1.encode())]),
            "xlsx": lambda: make_xlsx({"Δράσεις": PRACTICES_SHEET, "Στατιστικά": STATS_SHEET}),
            "ods": lambda: make_odf("ods", ods_body({"Δράσεις": PRACTICES_SHEET})),
            "csv": lambda: "\n".join(";".join(str(c) for c in r) for r in PRACTICES_SHEET[2:]).encode("cp1253"),
            "pptx": make_pptx,
            "odp": lambda: make_odf("odp", ODP_BODY),
            "odt": lambda: make_odf("odt", ODT_BODY),
        }[kind]()
    return _SEEDS[kind]




@settings(max_examples=40, deadline=20_000, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["eml", "msg", "xlsx", "ods", "csv", "pptx", "odp", "odt"]),
       ops=st.lists(mutation, min_size=1, max_size=4))
def test_fuzz_mutated_new_formats(kind, ops):
    data = mutate(_seed(kind), ops)
    try:
        result = read_bytes(data)
    except ReadError as exc:
        assert exc.reason and isinstance(exc.reason, str)
    else:
        assert isinstance(result, ReadResult) and result.blocks
