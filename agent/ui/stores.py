"""The stores on the review page: add one, change one, pause and resume one — the same settings the
config file gives (`StoreSettings` checks both), written to the data folder's `stores.toml`
(`agent/store_file.py`), the password into the keyring. A store's key is derived from its display
name; a store the config file defines is shown, not changed here (its file is the server's)."""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import sites
from ..errors import ConfigError
from ..pages.titles import routine_title

UNSCHEDULED = ("doctor", "capture")  # run by a person, never on times
# what a form field is called on the page, for a refusal's words
FIELDS = {
    "zh": {
        "label": "显示名称",
        "site": "站点",
        "base_url": "后台地址",
        "search_url": "买家搜索地址",
        "company_id": "公司 ID",
        "username": "登录名",
        "password": "密码",
        "tracked_keywords": "跟踪关键词",
        "browser": "浏览器",
        "cdp_url": "Chrome 调试地址",
        "schedule": "运行时间",
        "name": "店铺键",
    },
    "en": {
        "label": "display name",
        "site": "site",
        "base_url": "back-office address",
        "search_url": "buyer search address",
        "company_id": "company id",
        "username": "login name",
        "password": "password",
        "tracked_keywords": "tracked keywords",
        "browser": "browser",
        "cdp_url": "Chrome debugging address",
        "schedule": "run times",
        "name": "store key",
    },
}
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class Refused(ValueError):
    """A form value the settings would refuse, in the page's words."""


def times_to_cron(text: str, where: str, lang: str) -> list[str]:
    """ "09:00 15:30" → one cron a day each; a line with * is taken as cron expressions (; between)."""
    text = text.strip()
    if not text:
        return []
    if "*" in text:
        return [c.strip() for c in text.split(";") if c.strip()]
    out = []
    for t in re.split(r"[\s,，、]+", text):
        m = TIME.match(t)
        if not m:
            raise Refused(
                f"「{where}」的时间 {t!r} 不是 时:分（例如 09:00 15:30）"
                if lang == "zh"
                else f"{where}: {t!r} is not a time such as 09:00"
            )
        out.append(f"{int(m.group(2))} {int(m.group(1))} * * *")
    return out


DAYS = {"mon": "一", "tue": "二", "wed": "三", "thu": "四", "fri": "五", "sat": "六", "sun": "日"}


def cron_words(crons: list[str], lang: str) -> str:
    """A schedule as people say it (the form's hint of the default): 每天 09:00, 周一至周五 09:00,
    每月 1 日 09:00, 每天 8–21 点的 0、30 分; anything else as written."""
    out = []
    for c in crons:
        parts = c.split()
        if len(parts) != 5:
            out.append(c)
            continue
        minute, hour, dom, _, dow = parts
        if minute.isdigit() and hour.replace(",", "").isdigit():
            at = "、".join(f"{int(h):02d}:{int(minute):02d}" for h in hour.split(","))
        elif minute.replace(",", "").isdigit() and re.match(r"^\d+-\d+(/\d+)?$|^\d+$", hour):
            at = f"{hour} 点的 {minute.replace(',', '、')} 分" if lang == "zh" else f"at :{minute} of {hour}h"
        else:
            out.append(c)
            continue
        if dom != "*":
            when = f"每月 {dom} 日" if lang == "zh" else f"on day {dom} of each month"
        elif dow == "*":
            when = "每天" if lang == "zh" else "every day"
        elif lang == "zh":
            when = "".join(
                "周" + DAYS.get(x.split("-")[0], x) + ("至周" + DAYS.get(x.split("-")[1], x) if "-" in x else "")
                for x in dow.split(",")
            )
        else:
            when = dow
        out.append(f"{when} {at}")
    return "；".join(out) if lang == "zh" else "; ".join(out)


def cron_to_times(crons: list[str]) -> str:
    """The other way, for the form: daily times where each cron is one, else the crons themselves."""
    times = []
    for c in crons:
        parts = c.split()
        if len(parts) != 5 or parts[2:] != ["*", "*", "*"] or not (parts[0].isdigit() and parts[1].isdigit()):
            return "; ".join(crons)
        times.append(f"{int(parts[1]):02d}:{int(parts[0]):02d}")
    return " ".join(times)


def search_url(site: str, base_url: str) -> str:
    """The buyer search of the store's site, where the store's screens are (`resolve_url`): the real
    one for a real back office, else the same path on its address (a replica serves both)."""
    from ..pages._driver import resolve_url

    return resolve_url(base_url, {}, "search", sites.get(site).search_url)


def values_from(form: dict[str, Any], site_routines: list[str], lang: str, taken: list[str], key: str | None) -> dict:
    """The form as settings values (what the config file would say), refused in the page's words."""
    from ..store_file import derive_name

    words = FIELDS[lang]
    label = str(form.get("label", "")).strip()
    site = str(form.get("site", "")) or sites.DEFAULT
    for field in ("label", "company_id", "username"):
        if not str(form.get(field, "")).strip():
            raise Refused(f"请填写「{words[field]}」" if lang == "zh" else f"{words[field]} is missing")
    if site not in sites.SITES:
        raise Refused(f"没有这个站点：{site}" if lang == "zh" else f"no such site: {site}")
    base = str(form.get("base_url", "")).strip().rstrip("/") or sites.get(site).back_office
    if not re.match(r"^https?://[^/\s]+", base):
        raise Refused(
            f"「{words['base_url']}」要以 http:// 或 https:// 开头"
            if lang == "zh"
            else "the address must begin with http(s)://"
        )
    schedule = {}
    for r in site_routines:
        given = str(form.get(f"schedule.{r}", ""))
        if given.strip():
            schedule[r] = times_to_cron(given, r, lang)
    keywords = [k.strip() for k in str(form.get("tracked_keywords", "")).splitlines() if k.strip()]
    browser = str(form.get("browser", "")) or None
    return {
        "name": key or derive_name(label, taken),
        "label": label,
        "site": site,
        "base_url": base,
        "search_url": search_url(site, base),
        "company_id": str(form.get("company_id", "")).strip(),
        "username": str(form.get("username", "")).strip(),
        "tracked_keywords": list(dict.fromkeys(keywords)),
        "browser": browser,
        "cdp_url": (str(form.get("cdp_url", "")).strip() or None) if browser == "cdp" else None,
        "paused": bool(form.get("paused")),
        "schedule": schedule,
    }


def refusal(e, lang: str, site: str) -> str:
    """A settings refusal (pydantic) in the page's words: the field as the form names it."""
    err = e.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else ""
    msg = err["msg"].removeprefix("Value error, ")
    if field == "company_id" and lang == "zh":
        return f"「公司 ID」格式不对：{sites.get(site).label['zh']}的是{sites.get(site).member_id_zh}"
    name = FIELDS[lang].get(field, field)
    return f"「{name}」：{msg}" if lang == "zh" else f"{name}: {msg}"


def add_routes(app: FastAPI, agent, templates, guard) -> None:
    """`guard`: (check_csrf, lang, deny) from the page's own session handling."""
    check_csrf, lang_of, deny = guard
    settings = agent.settings

    def page(request: Request, st, msg: str = "", form: dict | None = None, status: int = 200, site: str = ""):
        from ..store_file import is_page_store

        lg = lang_of(request)
        site = (form or {}).get("site") or (st.site if st else (site if site in sites.SITES else sites.DEFAULT))
        own = st is None or is_page_store(settings.data_dir, st.name)
        per_site = {
            k: [r for r in sites.get(k).routines if r not in UNSCHEDULED] for k in ((st.site,) if st else sites.SITES)
        }
        return templates.TemplateResponse(
            request,
            "stores.html",
            {
                "st": st,
                "form": form or {},
                "own": own,
                "msg": msg,
                "csrf": request.state.session.csrf,
                "sites": {k: sites.get(k).label[lg] for k in sites.SITES},
                "per_site": per_site,  # each site's run times; the page shows the chosen site's (ui.js follows the select)
                "routine_words": {r: routine_title(r, lg) for rs in per_site.values() for r in rs},
                "defaults": {k: {r: cron_words(v, lg) for r, v in sites.get(k).schedule.items()} for k in per_site},
                "site": site,
                "times": cron_to_times,
                "homes": [sites.get(k).back_office for k in sites.SITES],
                "member_ids": [
                    f"{sites.get(k).label[lg]}：{sites.get(k).member_id_zh if lg == 'zh' else sites.get(k).member_id}"
                    for k in sites.SITES
                ],
                "lang": lg,
                "stores": settings.stores,
            },
            status_code=status,
        )

    @app.get("/stores", response_class=HTMLResponse)
    async def stores_page(request: Request, store: str = "", msg: str = "", site: str = ""):
        st = next((s for s in settings.stores if s.name == store), None)
        if store and st is None:
            return deny("404: no such store", 404)
        return page(request, st, msg, site=site)

    @app.post("/stores")
    async def save_store(request: Request):
        from pydantic import ValidationError

        from .. import _redact, store_file
        from ..settings import KEYRING_SERVICE, StoreSettings, load

        form = dict(await request.form())
        if not check_csrf(request, str(form.get("csrf", ""))):
            return deny("403: bad or missing CSRF token; reload the page")
        lg = lang_of(request)
        key = str(form.get("key", "")) or None
        old = next((s for s in settings.stores if s.name == key), None) if key else None
        if key and (old is None or not store_file.is_page_store(settings.data_dir, key)):
            return deny("403: this store is set in the config file; change it there", 403)
        site = str(form.get("site", "")) or sites.DEFAULT
        routines = [r for r in sites.get(site).routines if r not in UNSCHEDULED] if site in sites.SITES else []
        password = str(form.get("password", ""))
        try:
            values = values_from(form, routines, lg, [s.name for s in settings.stores], key)
            st = StoreSettings(**values)
            if not password and (old is None or old.username != st.username):
                raise Refused(
                    "请填写「密码」（保存在本机的钥匙串里，不写入文件）" if lg == "zh" else "the password is missing"
                )
        except Refused as e:
            return page(request, old, str(e), form, 400)
        except ValidationError as e:
            return page(request, old, refusal(e, lg, site if site in sites.SITES else sites.DEFAULT), form, 400)
        if password:
            try:
                import keyring

                await asyncio.to_thread(keyring.set_password, KEYRING_SERVICE, f"{st.name}:{st.username}", password)
            except Exception as e:  # no keyring on this machine: nothing is saved
                said = (
                    f"本机没有可用的钥匙串（{type(e).__name__}），密码和店铺都没有保存；服务器上请在配置文件里用 password_env"
                    if lg == "zh"
                    else f"no keyring on this machine ({type(e).__name__}): nothing saved; on a server use password_env"
                )
                return page(request, old, said, form, 400)
            _redact.register(password)
        await asyncio.to_thread(store_file.save, settings.data_dir, st, key)
        try:
            fresh = await asyncio.to_thread(load, getattr(agent, "config", None))
        except ConfigError as e:  # the saved file no longer loads with the config: said, as the CLI would
            return page(request, old, str(e), form, 400)
        settings.stores[:] = fresh.stores  # the page, its overview and its queue see the store at once
        said = ("已保存：" if lg == "zh" else "saved: ") + st.shown
        return RedirectResponse(f"/?msg={quote(said)}#stores", status_code=303)

    @app.post("/stores/pause")
    async def pause_store(request: Request):
        from .. import store_file

        form = dict(await request.form())
        if not check_csrf(request, str(form.get("csrf", ""))):
            return deny("403: bad or missing CSRF token; reload the page")
        name = str(form.get("key", ""))
        st = next((s for s in settings.stores if s.name == name), None)
        if st is None or not store_file.is_page_store(settings.data_dir, name):
            return deny("403: this store is set in the config file; change it there", 403)
        paused = st.model_copy(update={"paused": not st.paused})
        await asyncio.to_thread(store_file.save, settings.data_dir, paused, name)
        settings.stores[:] = [paused if s.name == name else s for s in settings.stores]
        lg = lang_of(request)
        said = {True: ("已暂停", "paused"), False: ("已恢复", "resumed")}[paused.paused][0 if lg == "zh" else 1]
        return RedirectResponse(f"/?msg={quote(said + ' ' + st.shown)}#stores", status_code=303)
