"""Alibaba.com's routines: page objects composed into the day's work (named in `agent/sites/alibaba`)."""
