"""Supervised step-through: before each action that navigates or writes, show what will happen and
where (a screenshot; the element highlighted in a headed browser), then wait for the person:
Enter to do it, s to skip, c to continue without asking, q to stop cleanly."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

from ..errors import AgentError

ACTIONS = {"open": "打开 open", "write": "写入 write", "edit": "修改 edit"}


class StepSkipped(AgentError):
    """The person chose to skip this action."""


class StopRequested(AgentError):
    """The person chose to stop; the run ends cleanly."""


class Stepper:
    def __init__(self, enabled: bool = False, read_line: Callable[[], str] | None = None, out=None):
        self.enabled = enabled
        self.read_line = read_line or sys.stdin.readline
        self.out = out or sys.stderr
        self.asked = 0
        self.outlined = 0  # elements outlined on screen (headed browser only)
        self.held = 0  # > 0: inside an action already agreed to (an edit): its steps are not asked again

    async def ask(self, action: str, what: str, where: str = "", screenshot: str | None = None) -> None:
        """Returns when the action may go ahead; raises StepSkipped or StopRequested."""
        if not self.enabled or self.held:
            return
        self.asked += 1
        lines = [f"\n[第 {self.asked} 步 step {self.asked}] {ACTIONS.get(action, action)}：{what}"]
        if where:
            lines.append(f"  位置 where: {where}")
        if screenshot:
            lines.append(f"  截图 screenshot: {screenshot}")
        lines.append(
            "  回车 = 执行 · s = 跳过这一步 · c = 不再询问 · q = 停止"
            "  (Enter = do it, s = skip, c = continue without asking, q = stop) > "
        )
        self.out.write("\n".join(lines))
        self.out.flush()
        answer = await asyncio.get_running_loop().run_in_executor(None, self.read_line)
        if answer == "":  # end of input: stop rather than act unattended
            raise StopRequested("input closed")
        answer = answer.strip().lower()
        if answer == "q":
            raise StopRequested(f"stopped by the person at step {self.asked}")
        if answer == "s":
            raise StepSkipped(f"{action} skipped: {what}")
        if answer == "c":
            self.enabled = False

    async def confirm(self, question: str) -> bool:
        """A yes/no question (Enter = yes)."""
        self.out.write(f"  {question} [Y/n] > ")
        self.out.flush()
        answer = (await asyncio.get_running_loop().run_in_executor(None, self.read_line)).strip().lower()
        return answer not in ("n", "no")
