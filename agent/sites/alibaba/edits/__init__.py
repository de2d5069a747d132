"""Alibaba.com's edit kinds, one module per area (P4P, products, buyers' messages, marketing,
customers, outreach), each kind registered in the edit registry (`agent.edits`) when its module is imported."""

from . import crm, marketing, messages, outreach, p4p, products

__all__ = ["crm", "marketing", "messages", "outreach", "p4p", "products"]
