"""The sub-commands of `coach`, one module each (see coach.cli for how they are found).

A command module has NAME, HELP, DESCRIPTION, `add_arguments(parser)` and
`run(args, directory) -> int`; it must not import Textual.
"""
