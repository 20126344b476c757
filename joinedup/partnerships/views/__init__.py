"""Partnership pages, one module per area of the room (home, team, structure, directory)."""
