"""Drawing for the terminal: charts and display widths."""
