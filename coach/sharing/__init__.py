"""Export, import, calendar and Markdown, and what may be shared."""
