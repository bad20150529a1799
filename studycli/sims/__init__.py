"""The simulators, pure, grouped by AWS service."""
