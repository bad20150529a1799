"""The interactive loops: a session asks through `studycli.ui`, drives a pure engine
(`studycli.study`), saves every answer to the store at once, and renders the result.
Commands parse options and call one function here."""
