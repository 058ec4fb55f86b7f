"""`python -m cli`: the same as the `outcomes` command."""

from cli.main import main

raise SystemExit(main())
