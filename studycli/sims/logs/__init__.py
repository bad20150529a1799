"""Simulator engines for logs."""
