"""The team server: a Django project whose rules all come from `ladders.core`."""
