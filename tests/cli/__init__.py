"""The `coach` command and its sub-commands, from the shell; and what a wheel installs."""
