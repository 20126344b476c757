"""Forms of the partnerships room, one module per part (directory, structure, team)."""
