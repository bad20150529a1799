"""Message catalogues, one per language (`<code>.toml`); read by `studycli.i18n`."""
