"""Product facts: what each piece of software n5gc targets is, runs as and reads, in one place.

One module per product (its image, its limits, the config keys each of its releases reads).
Products sit below checks, plan and targets in the import order: they import nothing of n5gc's
stages, and those stages take their product facts from here instead of keeping their own copies.
"""
