"""File formats n5gc writes that are neither YAML (n5gc.yamlio) nor JSON: one module per format.

Pure writers: they take plain Python data and return text, know nothing of the plan or of a
product, and refuse (ValueError/TypeError) what their format cannot hold.
"""
