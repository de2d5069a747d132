"""Alibaba.com's screens, one module per screen; only these know its URLs, selectors and answer shapes."""
