"""Import and export of the whole masterplan as a spreadsheet (xlsx) or CSV files (issue 7).

- ``template``: the sheets and their exact columns (one definition shared by the reader, the exporter and the
  downloadable template).
- ``cells``: parsing typed cells, plain-text hardening and formula-injection escaping.
- ``reader``: streams rows from an .xlsx workbook, a .csv file or a .zip of CSV files.
- ``importer``: validates every row (collecting every problem as sheet/row/column/message), compares with the
  database and applies the changes in one transaction; a package with one module per sheet
  (``importer/sheets/<name>.py``: check and apply) and the ordered list of sheets ``importer.sheets.SHEETS``.
- ``exporter``: writes the masterplan in the template format, so export → import changes nothing.
"""
