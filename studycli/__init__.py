"""studycli: learn AWS monitoring and governance in the terminal."""

__version__ = "0.1.0"
