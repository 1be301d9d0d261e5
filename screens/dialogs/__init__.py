"""Small dialogs, one ModalScreen a file: each asks and returns the answer."""
