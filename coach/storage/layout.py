"""What a data directory holds: its files by name, and the tables of the data file.

The one place these names are written down.  It imports nothing, so that the
shell commands that read the data without TinyDB (`coach commitments`,
`coach report`) can name the same files and tables as the storage itself.
"""

DATA_NAME = "coach.json"  # the snapshot: a header, then the tables
JOURNAL_NAME = "coach.journal"  # changes since the snapshot, one checksummed line each
KEY_NAME = "coach.key"  # the data key, wrapped by the passphrase (only when encrypted)
LOCK_NAME = "coach.lock"  # held by the one coach that may write
SOCKET_NAME = "coach.sock"  # where that coach takes changes from the shell (coach.relay)
BACKUP_DIR = "backups"  # rotating copies of the snapshot
PARTS_DIR = "parts"  # the settled history, a file a month (coach.storage.parts)

PEOPLE = "people"
CONVERSATIONS = "conversations"
COMMITMENTS = "commitments"
FACTS = "facts"
TABLES = (PEOPLE, CONVERSATIONS, COMMITMENTS, FACTS)  # every known table, in export order
