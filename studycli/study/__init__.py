"""The study side, pure: cards, scheduling, question generation, exam, advice."""
