"""The metric alarm engine in parts: settings (config), evaluation (simulator), runs, reasons; `studycli.sims.alarms.alarm` is its public face."""
