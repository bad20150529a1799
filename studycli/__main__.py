"""`python -m studycli` runs the same CLI as the `studycli` script."""

from studycli.launch import main

main()
