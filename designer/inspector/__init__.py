"""The inspector: typed editors built from the node kinds' parameter specs."""
