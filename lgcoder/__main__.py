"""``python -m lgcoder`` runs the command line (and, with no arguments, the app)."""

from lgcoder.cli import main

raise SystemExit(main())
