"""Subcommands of `board`; see generator/cli.py for the contract each module follows."""
