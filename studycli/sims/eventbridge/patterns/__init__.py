"""The event pattern engine in parts: matchers, parser, JSON text, events, the compiled index; `studycli.sims.eventbridge.event_pattern` is its public face."""
