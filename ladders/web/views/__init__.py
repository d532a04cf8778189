"""Page views, one module per area. Each parses input, calls one service or selector, renders."""
