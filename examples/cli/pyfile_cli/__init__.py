"""pyfile-cli: a tiny command-line tool for the Pyfile cli example."""
