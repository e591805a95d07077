"""How much of an upload of old EIAs is read: past any of these, a file (or the whole upload) is refused, saying what
to do. Each is checked before anything is expanded, so that refusing a file, even a hostile one, takes well under a
second and little memory."""

MAX_FILES = 100  # Word files in one upload, counting those in a zip
MAX_FILE_BYTES = 5 * 1024 * 1024  # one Word file, as uploaded (compressed)
MAX_UPLOAD_BYTES = 30 * 1024 * 1024  # everything uploaded at once, and everything a zip of them unpacks to
# A Word file is a zip of parts: what its parts unpack to, as the zip declares (Python reads no part past its
# declared size), and how many parts it has.
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_PARTS = 1_000
# The document's own text and tables, counted in its XML before it is read.
MAX_DOCUMENT_XML_BYTES = 5 * 1024 * 1024
MAX_TABLES = 60
MAX_ROWS = 1_000  # of all its tables together
# python-docx reads about 12,000 cells a second, fewer on a busy server: an EIA has a few hundred.
MAX_CELLS = 2_500
# Of all the files of an upload together, so that an upload of a hundred files at the limit is not read for minutes.
MAX_UPLOAD_CELLS = 20_000
# What is kept of each thing read: a title, a name, a grid cell's words.
MAX_TITLE = 300
MAX_NAME = 200
MAX_REFERENCE = 50
MAX_CELL_TEXT = 2_000
MAX_ROWS_LISTED = 30  # rows a file's preview lists as not read
# Bytes; the hostile upload tests measure refusing each bad file against it.
READ_MEMORY_CEILING = 64 * 1024 * 1024
