"""Old EIAs as councils keep them in Word, made with python-docx for the tests: three layouts (a grid with a rating
column, a grid with Positive, Neutral and Negative columns, a narrative with no table), and bad files of every kind
the import refuses."""

import io
import zipfile

import docx


def _saved(document):
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rating_column_eia(title="Day opportunities for older people", review="Review date: 1 April 2026"):
    """A details table, then a grid with one column of ratings in the usual spellings."""
    document = docx.Document()
    document.add_heading("Equality Impact Assessment", 0)
    details = document.add_table(rows=4, cols=2)
    for row, (label, value) in zip(
        details.rows,
        [
            ("Title of policy", title),
            ("EIA reference", "ASC-2019-014"),
            ("Lead officer", "Priya Shah"),
            ("Date of assessment", "3 April 2023"),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    if review:
        document.add_paragraph(review)
    grid = document.add_table(rows=1, cols=3)
    grid.rows[0].cells[0].text, grid.rows[0].cells[1].text, grid.rows[0].cells[2].text = (
        "Protected characteristic",
        "Impact",
        "Evidence",
    )
    for group, rating, evidence in [
        ("Age", "Negative - High", "Most users are over 75."),
        ("Disability", "High negative", "Transport is harder to reach."),
        ("Ethnicity", "-ve (L)", "Interpreters are offered."),
        ("Gender", "Neutral", ""),
        ("Religion or belief", "Positive", "Prayer space kept."),
        ("Armed forces veterans", "Neutral", ""),
    ]:
        cells = grid.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = group, rating, evidence
    return _saved(document)


def tick_columns_eia(title="Care at home recommissioning"):
    """Details in paragraphs, and a grid of Positive, Neutral and Negative columns, ticked or written in."""
    document = docx.Document()
    document.add_heading(f"Equality impact assessment: {title}", 1)
    document.add_paragraph("Lead officer: Jamaila Tausif")
    document.add_paragraph("Date: Moderated at the directorate's equality group 14 July 2014")
    grid = document.add_table(rows=1, cols=5)
    for cell, heading in zip(grid.rows[0].cells, ["", "Positive", "Neutral", "Negative", "Level"], strict=True):
        cell.text = heading
    for group, positive, neutral, negative, level in [
        ("Race and ethnicity (including Gypsies and Travellers)", "✓", "", "", ""),
        ("Sexual orientation", "", "X", "", ""),
        ("Pregnancy and maternity", "", "", "Fewer visits at short notice.", "Medium"),
        ("Carers/those with caring responsibility", "The service supports carers.", "", "", ""),
        ("Marriage and civil partnership", "", "", "", ""),
    ]:
        cells = grid.add_row().cells
        for cell, text in zip(cells, [group, positive, neutral, negative, level], strict=True):
            cell.text = text
    return _saved(document)


def analysis_eia():
    """The layout of Cheshire West and Chester's 2014 equality analysis: the title in a heading, the lead officer in
    a paragraph, a grid headed Neutral, Positive and 'Negative (High/Med/Low?)' with what was found written under
    each, a level at the end of the negative words, and the sign-off in a table."""
    document = docx.Document()
    document.add_heading("Joint commissioning of care at home services (domiciliary care)", 1)
    document.add_heading("Evidence based equality analysis", 2)
    document.add_paragraph("Lead officer: Jamaila Tausif")
    grid = document.add_table(rows=1, cols=4)
    for cell, heading in zip(grid.rows[0].cells, ["", "Neutral", "Positive", "Negative (High/Med/Low?)"], strict=True):
        cell.text = heading
    for cells in [
        ("Target group / area", "", "", ""),
        (
            "Race and ethnicity (including Gypsies and Travellers; migrant workers, asylum seekers etc.)",
            "No barriers perceived as the service is available to all.",
            "One to one service is provided to everyone, despite language or cultural barriers.",
            "Staff training on culture, gender and disability is to be specified. (Low impact)",
        ),
        (
            "Religion and belief",
            "To monitor any changes in service eligibility.",
            "",
            "No perceived changes to the service.",
        ),
        ("Carers/those with caring responsibility", "", "Additional support for carers.", ""),
    ]:
        for cell, text in zip(grid.add_row().cells, cells, strict=True):
            cell.text = text
    sign_off = document.add_table(rows=2, cols=2)
    sign_off.rows[0].cells[0].text, sign_off.rows[0].cells[1].text = "Lead Officer:", "Jamaila Tausif"
    sign_off.rows[1].cells[0].text = "Date:"
    sign_off.rows[1].cells[1].text = "Moderated at Strategic Commissioning Directorate Equality Group 14 July 2014"
    return _saved(document)


def narrative_eia(title="Closing the Brook Street day centre"):
    """No table: the details in paragraphs, some with the label on a line of its own."""
    document = docx.Document()
    document.add_paragraph(f"Title: {title}")
    document.add_paragraph("Owner: Sam Okafor, Head of Provider Services")
    document.add_paragraph("Date of assessment")
    document.add_paragraph("12/01/2022")
    document.add_paragraph(
        "The centre's users will move to the new hub. We found no negative impact on disabled people that the "
        "transport offer does not address."
    )
    return _saved(document)


def zipped(files):
    """A zip file of (name, bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return out.getvalue()


def _rewritten(data, change):
    """A Word file with its parts changed by `change(name, bytes)`, which returns the (name, bytes) to keep."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = [change(info.filename, source.read(info)) for info in source.infolist()]
    return zipped([part for part in parts if part is not None])


VBA_TYPE = b'<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'


def macro_eia():
    """A .docm: a Word file with a VBA project and the macro-enabled content type."""

    def change(name, data):
        if name == "[Content_Types].xml":
            data = data.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
            data = data.replace(b"</Types>", VBA_TYPE + b"</Types>")
        return name, data

    return zipped([*zipped_parts(_rewritten(rating_column_eia(), change)), ("word/vbaProject.bin", b"\x00" * 512)])


def zipped_parts(data):
    source = zipfile.ZipFile(io.BytesIO(data))
    return [(info.filename, source.read(info)) for info in source.infolist()]


def encrypted_eia():
    """What Word saves when a document has a password: an OLE compound file holding EncryptionInfo and the
    encrypted package (the directory's names in UTF-16)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")
    return header + directory + b"\x00" * 4096


def old_doc():
    """A Word 97-2003 document's opening: an OLE compound file with a WordDocument stream."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 4096


def xlsx_file():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Age"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bomb_eia(size=100 * 1024 * 1024):
    """A Word file with a part that declares it unpacks to `size` bytes (written small: the same byte over and over)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in zipped_parts(narrative_eia()):
            archive.writestr(name, data)
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as part:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return out.getvalue()


def many_cells_eia(rows=2_000, cols=6, tables=1, text=b"x"):
    """A document whose tables have more rows and cells than an EIA, written straight into its XML (python-docx
    would take far longer to make it than the import may take to refuse it)."""
    cell = b"<w:tc><w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p></w:tc>"
    row = b"<w:tr>" + cell * cols + b"</w:tr>"
    grid = b"<w:tblGrid>" + b'<w:gridCol w:w="700"/>' * cols + b"</w:tblGrid>"
    table = (b"<w:tbl><w:tblPr/>" + grid + row * rows + b"</w:tbl><w:p/>") * tables

    def change(name, data):
        if name == "word/document.xml":
            data = data.replace(b"<w:body>", b"<w:body>" + table, 1)
        return name, data

    return _rewritten(narrative_eia(), change)


def doctype_eia():
    """A document whose XML declares entities (a billion laughs), which Word never writes."""
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'

    def change(name, data):
        if name == "word/document.xml":
            data = laughs + data.split(b"?>", 1)[1].replace(b"<w:t>", b"<w:t>&lol2;", 1)
        return name, data

    return _rewritten(narrative_eia(), change)
