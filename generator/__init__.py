"""Content model, validation, lifecycle, the MkDocs plugin and the `board` CLI."""
