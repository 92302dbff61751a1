"""The verbs: which targets, which client call, what the confirmation says (jobs.py: the
job, layer and frame verbs; hosts.py: the host verbs). Screens bind keys to them."""
