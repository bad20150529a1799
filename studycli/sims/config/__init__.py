"""Simulator engines for config."""
