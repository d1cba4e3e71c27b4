"""
The file layer of sheets: read an uploaded file safely, row by row, and
write exports that spreadsheets open correctly.

reading (read_table, read_dataset) recognises the format and dispatches to
xlsx_reading (expat over the worksheet's XML and the shared strings, behind
openpyxl_adapter, within xlsx_budget) or csv_reading; table cuts rows under
their header; writing writes xlsx and CSV; neutralising protects text from
running as a formula.

Lists travel between offices as Excel workbooks and CSV files, and arrive
with every habit of the software that made them: CSV in UTF-8 with or
without a byte order mark, Excel's "Unicode text" (tab-separated UTF-16),
Windows-1258 with its combining tone marks, semicolons where the regional
settings put the comma in numbers. Uploads are also untrusted input, so a
file is checked before anything parses it:

* the size limit (settings.SPREADSHEET_MAX_BYTES, 10 MB by default) is
  applied first, reading at most one byte more than the limit;
* the format is recognised by content, never by the file name: a zip
  archive must be an xlsx workbook read within budgets that scale with the
  size limit (xlsx_budget: bytes unpacked, declared and counted as they
  are inflated, shared strings and cells counted as they are read, so
  that a zip bomb is refused early and small); legacy .xls, OpenDocument
  and HTML tables saved as ".xls" get a message saying how to save the
  file as .xlsx; anything else must decode as text;
* workbooks are opened with openpyxl in read-only mode (date styles), its
  shared strings read by xlsx_reading, and the sheet's XML is streamed
  through expat (the stated dimensions are ignored, a row numbered past
  Excel's last is refused); a formula arrives as its text ("=1+1") and
  is never evaluated. XML entity bombs are stopped by expat's
  amplification limit and reported as a broken file;
* CSV is read strictly: a quote that does not balance, or rows written
  with another delimiter than the header, are refused naming the cell or
  the row, rather than read into the wrong cells.

What read_table() returns (read_dataset() holds it all in a Dataset; an
import reads it row by row, so that a file's cells are never all in memory):
the header row of the first worksheet (the first non-empty row, or, given
the columns an import knows, the row of the first ten that names the most
of them, below a title it skips: table.table()); headers are NFC text,
trimmed, whitespace collapsed. Text cells are NFC and trimmed, empty cells
are "" (never None); numbers, booleans and Excel dates (datetime) stay as
openpyxl reads them, for the Resources to parse. Blank rows between data rows are kept, so data row i
is always row (header row + 1 + i) as Excel numbers rows (for CSV, a
record spanning lines is one row); blank rows after the last data row, and
blank columns after the last header, are dropped. A cell with
data under an empty header or right of the last header, and two columns
with the same header, are refused rather than silently dropped.

Formula neutralisation (CSV injection). On export, a text cell starting
with "=", "+", "-", "@", a tab or a carriage return could be run as a
formula by the spreadsheet that opens the file. The scheme:

* neutralise(text) puts one apostrophe in front of text that starts with
  one of those characters, or with apostrophes followed by one of them.
  unneutralise() removes exactly that apostrophe and nothing else, so it is
  the exact inverse: "=SUM(A1)" <-> "'=SUM(A1)", "'=x" <-> "''=x", while
  "'quoted" needs no protection and is written and read unchanged.
* CSV cells are written neutralise()d. A cell starting with an apostrophe
  is never a formula: Excel and LibreOffice show it as text.
* In xlsx a text cell is already text (xlsxwriter is told never to turn a
  str into a formula, a link or a number). Text starting with "=", "+", "-" or "@" is
  written as a text cell with Excel's quote-prefix flag, exactly what Excel
  stores when a user types an apostrophe first: shown as text, no visible
  apostrophe, and it stays text when the cell is edited. The apostrophe is
  written only where the text would otherwise not come back unchanged: a
  leading tab or carriage return (which readers trim) and text that itself
  starts with apostrophes before one of the characters.
* read_dataset() applies unneutralise() to every text cell of both formats,
  so importing our own export gives the original text back, including a
  CSV export opened and saved again as .xlsx.
* Only text is touched: numbers stay numbers (-5 is a number cell in xlsx
  and "-5" in CSV, Decimal("-0.2") a number cell and "-0,2").

HTML in a cell is text like any other here; escaping it is the templates'
job.
"""
