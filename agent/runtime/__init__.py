"""The runtime: what routines and apply run on. Its modules, bottom to top (each imports only those
before it — tests/test_layers.py checks it):

- `chromium`, `display`, `pacing`, `http_session`, `stepper`, `artifacts`: which browser binary, the
  virtual display, pacing, the request-mode buyer, step-through, screenshots and traces;
- `browser`: the process's browsers (Playwright, the shared browser, incognito buyers);
- `store_browser`: a store's own browser in its mode (`context` | `profile` | `cdp`);
- `session`: a store's session — navigation, login, recovery — returning what a visit found;
- `run`: a run's bookkeeping and the driver page objects get;
- `runner`: running a routine body as a recorded run, with the store's login health.

Page objects know nothing of it: they get a `Driver` (agent/pages/_driver.py)."""
