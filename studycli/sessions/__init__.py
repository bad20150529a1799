"""The interactive loops: review, quiz, exam, scenario."""
