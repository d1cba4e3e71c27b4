"""
Spreadsheets in and out: what every sheet kind shares.

One Resource per sheet kind (records/resources.py, congress/resources.py and
congress/election_sheets.py) declares its columns; this package makes all of them behave
alike, in the admin, on the list pages and on the command line. One import passes through these modules, in this order:

  services   sheet_import(), sheet_export(_file)(), sheet_template(): what callers call
  files/     reading an upload safely (xlsx through expat, CSV in any office encoding),
             writing xlsx and CSV, neutralising formula-like text
  headers    the header row found below a title, matched to the kind's columns, near
             misses suggested ("có phải là …?")
  guide      the blank template: drop-down lists on choice columns, the "Hướng dẫn" sheet
  kinds      SheetResource, the declaration a sheet kind subclasses, and the registry
             (register_sheet, get_sheet); no state of an import
  columns    Column and the widgets that read and write cells
  lookups    the records a file names, fetched once per chunk, matched by identity key
  choices    rows that may mean a record on file (records.duplicates): flagged, and whom
             they mean, said by the file, the clerk or an option
  changes    what an import changes in records on file, old value → new, for the preview
  edits      records edited after the preview a confirmation imports: their rows refuse the file
  run        ImportRun: one import's state, its chunk loop and row loop
  people     the people rows name: fetched a chunk at a time, resolved row by row (a mixin of ImportRun)
  claims     what rows claim: no two rows describe one record or share a unique key
  writes     the batches written, with history rows, citing the import's Source
  bulk       raw bulk INSERT/UPDATE/COPY with history rows, at the speed of the database
  report     SheetError, the preview, ImportReport
  admin      SheetAdminMixin: the admin's Import and Export pages and their forms
  *_adapter  the private APIs of openpyxl, Django and django-simple-history, fenced in one
             module each against the versions pinned in pyproject.toml

Where django-import-export stops. It gives the admin its Import and Export buttons, URLs,
permission checks, temporary storage of an upload between preview and confirm, the export
form and formats (ImportExportMixin), and the declarations: ModelResource gathers a kind's
Columns (its Field) and the widgets subclass its Widget; exports iterate through it. It does
not import: ImportRun reads the file, checks every cell, matches rows to records, chunks the
file and writes, calling only the hooks of kinds.SheetResource (load_lookups, existing,
resolve, find, assign, check, unique_keys, remember, finish). None of import-export's import
hooks (before_import_row, import_instance, skip_row, save_instance, bulk_create...) is
overridden or called, so one set of hooks exists.

What every kind gets:

* The header row is the row of the first ten that names the most columns: a title above it
  ("ĐẢNG BỘ PHƯỜNG …", "DANH SÁCH …", blank rows, merged cells) is skipped and reported.
  Headers are matched by identity key, so case, tone placement and surrounding spaces do not
  matter and columns may come in any order. An unknown column is reported and ignored, with
  the column it may mean when one is close; a missing required column refuses the file,
  naming it.
* Values are read as Vietnamese offices write them (records/vietnamese.py): "1.535", "21,1",
  "0,2%", "16/6/2025", real Excel dates, choices by their label in any case.
* Records a file names (people, organisations, units, documents) are fetched once per chunk
  of rows, only for the keys the chunk uses, and held in memory by identity key; the records
  a chunk can update are indexed the same way. No row costs a query.
* All or nothing. Any error refuses the whole file and every error is reported with its row
  as the spreadsheet numbers it (a title above the header keeps its rows in the count), the
  column's header and the value. Rows are written in bulk, with their history rows, inside
  one transaction that any error rolls back. Two rows describing one record are an error,
  however far apart in the file.
* Re-importing a file changes nothing: a row equal to its record is not written.
* A confirmed import that writes rows records a Source (kind spreadsheet: file name, SHA-256,
  who, counts) that every row it wrote cites; history rows carry the user and name the file
  (and the reason, when one is given).
* An import for a user is held to their scope (records.access): the records a file names are
  looked up among those the user may name, the records it updates among those in scope, and a
  row whose record would lie outside the scope is an error on the column that takes it out.
* Templates carry a drop-down list on every choice column and a "Hướng dẫn" sheet saying
  how each column is written and what it may hold, built from the columns' widgets.
* Exports stream rows from a queryset with its joins declared on the Resource, through the
  file layer (files/), which protects cells from running as formulas.

`records` never imports `congress`: the congress app registers its sheet kinds when it loads.
"""
