"""The verbs: which targets, which client call, what the confirmation says (jobs.py: the
job, layer and frame verbs; hosts.py and procs.py: the host and proc verbs). Screens bind keys
to them."""
