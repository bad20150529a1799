"""The Logs Insights engine in parts: events, syntax, expressions, commands, query; `studycli.sims.logs.insights` is its public face."""
