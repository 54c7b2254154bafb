"""One module per CLI verb; each exports a click command named `command`."""
