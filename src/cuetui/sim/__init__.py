"""A simulated OpenCue farm behind a faithful REST gateway: `cuetui sim`, the demo, the tests.

- `harness.SimHarness`: the gateway on a free loopback port in a background thread (tests).
- `farm.SimulatedFarm`: the state (real proto messages), the clock and Cuebot's transitions.
- `scenario`: the `small` and `large` presets and the guarantees tests can rely on.
- `gateway.GatewayApp`: the ASGI app (JWT middleware, grpc-gateway routing and protojson).
- `faults.Faults`: latency, 5xx, 429, dropped connections, cut or garbage bodies, expired
  tokens, calls that never answer.
- `svc_*`: the RPC handlers, one module per proto area; `views`: stats and search criteria.

Never imports Textual or `cuetui.client`: it stands in for the server, not the client.
"""
