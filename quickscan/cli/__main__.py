"""``python -m quickscan.cli``: the ``quickscan`` command without its console script."""

from . import main

main(prog_name="quickscan")
