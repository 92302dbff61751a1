"""The screens, one per file (shared bases in base/, verbs in verbs/). They never import each
other: the next screen opens through `cuetui.navigation`."""
