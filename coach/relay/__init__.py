"""Changes from the shell while the app is open: the one writer takes them in.

The coach that holds the writer lock (the open app) listens on a private Unix
socket beside the data; `coach done` and its kin, finding the lock held, send
their change there as one JSON line and print the answer.  With no one holding
the lock the command opens the store and makes the change itself.  Either way
the change is made by `changes.apply`, through the store: never two writers.
"""
