"""What can go wrong with a whole import (a single bad row is reported, not raised)."""


class ImportFailed(Exception):
    """The file or the request cannot be imported at all; the message says what to fix."""


class UnreadableFile(ImportFailed):
    pass


class FileTooLarge(ImportFailed):
    pass


class MissingColumns(ImportFailed):
    pass


class NoBoard(MissingColumns):
    """Ideas with neither a chosen board nor a column naming one."""


class JobNotReady(ImportFailed):
    """The job is not in the state this step needs (already started, still running)."""
