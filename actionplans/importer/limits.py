"""How much of a plan file the importer reads: past any of these, the file is refused, saying what to do."""

# Limits no council's plan file reaches. Each is checked while the file is read, before anything is expanded
# (a merged range over a whole column, a row numbered a million, a sheet of a million cells), so that reading a
# file, even a hostile one, takes well under a second and at most READ_MEMORY_CEILING of memory.
MAX_BYTES = 2 * 1024 * 1024
# A 2 MB zip can hold far more once unpacked; an Excel file of 2,000 full rows needs far less than this.
MAX_UNZIPPED_BYTES = 10 * 1024 * 1024
HEADER_SEARCH_ROWS = 20
MAX_ROWS = 2_000  # rows under the header row
LAST_ROW = HEADER_SEARCH_ROWS + MAX_ROWS  # no row past this one is read
MAX_COLUMNS = 50
MAX_CELLS = 40_000  # cells of a workbook, empty formatted ones too: 2,000 rows of 20 columns
MAX_CELL_CHARACTERS = 20_000
MAX_MERGED_RANGES = 1_000
# Bytes; tests/security/test_hostile_uploads.py measures the largest files against it.
READ_MEMORY_CEILING = 64 * 1024 * 1024
