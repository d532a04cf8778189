"""The `ladders` command: individual mode, no server and no database needed."""
