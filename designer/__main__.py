"""`python -m designer [FILE] [--screenshot OUT.png]`."""

from designer.app import main

raise SystemExit(main())
