"""Streaming rows out of an uploaded masterplan file: an .xlsx workbook, one .csv file, or a .zip of .csv files.

The format is recognised from the content, not the file name: a zip holding ``xl/workbook.xml`` is a workbook,
another zip is a bundle of CSV files, anything else must be UTF-8 (or Windows-1252) CSV text. Rows are read one at a
time (openpyxl ``read_only``, the csv module), so a 5,000-row file never sits in memory as a whole workbook.
CSV separators ``,`` and ``;`` (what Excel writes in an Indonesian locale) are both understood.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .template import SHEETS, normalise_name, sheet_for_header, sheet_for_name

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # refuse zip bombs
FILE = "file"  # the "sheet" of problems about the file as a whole


class NotASpreadsheet(Exception):
    """The file cannot be read as a workbook or CSV; ``str(error)`` is the user-facing message."""


@dataclass
class SheetSource:
    sheet: object  # template.Sheet
    label: str  # the worksheet or CSV file name as the user sees it
    header: list[str]
    _rows: object  # callable returning an iterator of (row_number, values)
    total: int | None = None

    def rows(self):
        """(row number as the spreadsheet shows it, tuple of cell values), skipping empty rows."""
        for number, values in self._rows():
            if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            yield number, values


@dataclass
class Source:
    kind: str  # "xlsx" | "csv" | "zip"
    sheets: dict = field(default_factory=dict)  # sheet name → SheetSource
    ignored: list = field(default_factory=list)  # worksheet/CSV names that are no template sheet
    _closers: list = field(default_factory=list)

    def close(self):
        for closer in self._closers:
            try:
                closer()
            except Exception:  # pragma: no cover - closing is best effort
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _header(values) -> list[str]:
    return [normalise_name(v) if v is not None else "" for v in (values or ())]


def open_source(path) -> Source:
    """Open ``path`` for reading; raises NotASpreadsheet with a message for the user."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        raise NotASpreadsheet(_("The file could not be read."))
    if head.startswith(b"PK"):
        try:
            archive = zipfile.ZipFile(path)
            names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            raise NotASpreadsheet(_("The file is damaged: it looks like a zip or .xlsx file but cannot be opened."))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
            archive.close()
            raise NotASpreadsheet(_("The file unpacks to more than 200 MB; split it into smaller files."))
        if "xl/workbook.xml" in names:
            archive.close()
            return _open_xlsx(path)
        return _open_zip(archive)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotASpreadsheet(_("Old Excel (.xls) files are not supported; save the file as .xlsx or .csv."))
    return _open_csv_file(path)


def _open_xlsx(path) -> Source:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:
        raise NotASpreadsheet(_("The file is not a readable Excel workbook (.xlsx)."))
    source = Source(kind="xlsx", _closers=[workbook.close])
    for worksheet in workbook.worksheets:
        sheet = sheet_for_name(worksheet.title)
        if sheet is None or sheet.name in source.sheets:
            source.ignored.append(worksheet.title)
            continue
        try:
            first = next(worksheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        except Exception:
            raise NotASpreadsheet(_("The file is not a readable Excel workbook (.xlsx)."))

        def rows(ws=worksheet):
            yield from enumerate(ws.iter_rows(min_row=2, values_only=True), start=2)

        total = worksheet.max_row - 1 if worksheet.max_row else None
        source.sheets[sheet.name] = SheetSource(sheet, worksheet.title, _header(first), rows, total)
    return source


def _sniff_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


CHUNK = 1024 * 1024


def _inspect(open_binary, name: str):
    """(encoding, line count) of a CSV in one streaming pass: UTF-8 (BOM or not), else Windows-1252 (old Excel).

    Refuses binary content (NUL bytes or many control characters at the start)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    encoding, lines, first = "utf-8-sig", 0, True
    with open_binary() as fh:
        while chunk := fh.read(CHUNK):
            if first:
                head = chunk[:4096]
                if b"\x00" in head or _looks_binary(head.decode("latin-1")):
                    raise NotASpreadsheet(
                        _("The file %(name)s is not a spreadsheet: upload an .xlsx workbook or a .csv file.")
                        % {"name": name}
                    )
                first = False
            lines += chunk.count(b"\n")
            if encoding == "utf-8-sig":
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "cp1252"
    return encoding, lines


def _csv_sheet(name: str, open_binary) -> SheetSource | None:
    """A SheetSource streaming a CSV file; ``open_binary`` reopens its bytes for each pass (header, then rows)."""
    encoding, lines = _inspect(open_binary, name)

    def reader():
        stream = io.TextIOWrapper(open_binary(), encoding=encoding, errors="replace", newline="")
        first_line = stream.readline()
        stream.seek(0)
        return stream, csv.reader(stream, delimiter=_sniff_delimiter(first_line))

    stream, it = reader()
    try:
        first = next(it, [])
    except csv.Error:
        raise NotASpreadsheet(_("The CSV file %(name)s cannot be read.") % {"name": name})
    finally:
        stream.close()
    header = _header(first)
    sheet = sheet_for_name(name) or sheet_for_header(header)
    if sheet is None:
        return None

    def rows():
        stream, it = reader()
        with stream:
            next(it, None)
            try:  # numbered by record, as a spreadsheet program shows the CSV (a quoted cell may span lines)
                for number, row in enumerate(it, start=2):
                    yield number, tuple(row)
            except csv.Error:
                raise NotASpreadsheet(_("The CSV file %(name)s cannot be read.") % {"name": name})

    return SheetSource(sheet, name, header, rows, max(lines - 1, 0) or None)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    odd = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t") or 0x7F <= ord(ch) < 0xA0)
    return odd > max(8, len(sample) * 0.01)


def _open_csv_file(path) -> Source:
    source = Source(kind="csv")
    sheet = _csv_sheet(Path(path).name, lambda: open(path, "rb"))
    if sheet is None:
        raise NotASpreadsheet(
            _("The CSV file's header names no sheet of the template; use the columns of the downloadable template.")
        )
    source.sheets[sheet.sheet.name] = sheet
    return source


def _open_zip(archive: zipfile.ZipFile) -> Source:
    source = Source(kind="zip", _closers=[archive.close])
    members = [n for n in archive.namelist() if n.lower().endswith(".csv") and not n.startswith("__MACOSX")]
    if not members:
        archive.close()
        raise NotASpreadsheet(_("The zip file holds no .csv files."))
    for member in members:
        sheet = _csv_sheet(member.rsplit("/", 1)[-1], lambda m=member: archive.open(m))
        if sheet is None or sheet.sheet.name in source.sheets:
            source.ignored.append(member)
            continue
        source.sheets[sheet.sheet.name] = sheet
    return source


def ordered(source: Source):
    """The sheets present, in dependency order (agencies first, milestones last)."""
    return [source.sheets[s.name] for s in SHEETS if s.name in source.sheets]
