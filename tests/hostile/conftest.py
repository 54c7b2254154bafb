"""Hostile tests: each reproduces a numbered item of issue 8 and asserts the promise."""
