from cuetui.cli import main

raise SystemExit(main())
