"""Small dialogs, one ModalScreen a file: each only asks, and dismisses with the answer.

The flow that opens a dialog and saves its answer is beside the screens that use it
(screens/commitments.py, learning.py, exporting.py)."""
