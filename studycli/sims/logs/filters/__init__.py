"""The filter pattern engine in parts: values, syntax, matching, parser; `studycli.sims.logs.filter_pattern` is its public face."""
