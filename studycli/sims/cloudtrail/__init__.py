"""Simulator engines for cloudtrail."""
