"""A 1688 store's routines (seed 003): the morning's 生意参谋 and 网销宝, inquiries, the standing
re-publish plan in four rounds, and the diagnosis with 1688's own rules."""
