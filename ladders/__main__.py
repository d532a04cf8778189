"""`python -m ladders` is the `ladders` command (how `ladders serve` starts its worker)."""

from ladders.cli.app import main

if __name__ == "__main__":
    main()
