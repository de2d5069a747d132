// Seller back office front end. Every screen speaks its own dialect, as on the real site: the
// product manager GETs asyQueryProductsList.do with _csrf_token_ from the page's script, the
// inquiry app POSTs subjectList.htm with ctoken (from the xman_us_t cookie), _csrf_token_ (the
// XSRF-TOKEN cookie) and dmtrack_pageid, P4P POSTs form-encoded ads/type/data/_csrf to /api/...,
// 数据管家 asks its old self/.json gateway with ctoken and dmtrack_pageid.

function cookie(name) {
  const m = document.cookie.split('; ').find(c => c.startsWith(name + '='));
  return m ? decodeURIComponent(m.slice(name.length + 1)) : '';
}
const ctoken = () => (cookie('xman_us_t').match(/ctoken=([^&]+)/) || [])[1] || '';
const xsrf = () => cookie('XSRF-TOKEN');
const pageId = () => window.dmtrack_pageid || '';

// GET when `form` is undefined, else POST form-encoded.
async function call(url, form, json) {
  const opts = {credentials: 'same-origin', headers: {'Accept': 'application/json'}};
  if (form !== undefined) { opts.method = 'POST'; opts.body = new URLSearchParams(form); }
  if (json !== undefined) { opts.method = 'POST'; opts.body = JSON.stringify(json); opts.headers['Content-Type'] = 'application/json'; }
  const r = await fetch(url, opts);
  if (r.redirected && r.url.includes('/newlogin/')) { location.href = r.url; throw new Error('expired'); }
  if (r.status === 429) { toast('访问太频繁，请稍后再试', true); throw new Error('HTTP 429'); }
  if (!r.ok) { toast('系统繁忙，请稍后再试 (' + r.status + ')', true); throw new Error('HTTP ' + r.status); }
  const j = await r.json();
  if (j.rgv587_flag) { location.href = j.url; throw new Error('punish'); }
  return j;
}
// P4P (www2.alibaba.com/api/...): form-encoded ads, type, data (JSON), _csrf = XSRF-TOKEN cookie.
const p4p = (path, type, data) => call('/api/' + path, {ads: 'p4p', type: type, data: JSON.stringify(data || {}), _csrf: xsrf()});
// 数据管家's old gateway.
const gateway = (iName, params) => call('/self/.json?' + new URLSearchParams(Object.assign(
  {action: 'CommonAction', iName: iName, ctoken: ctoken(), dmtrack_pageid: pageId()}, params || {})));
// the newer pages send a name such as vip/traffic/keyword/getKeywords with a plain '/'
const gatewayPlain = (iName, params) => call('/self/.json?iName=' + iName + '&' + new URLSearchParams(Object.assign(
  {action: 'CommonAction', ctoken: ctoken(), dmtrack_pageid: pageId()}, params || {})));
// a figure of the newer answers is an object {value, ...}: the table shows its value
const flatFigures = r => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v && typeof v === 'object' && 'value' in v ? v.value : v]));

function toast(text, error) {
  const m = document.querySelector('.next-message');
  if (!m) return;
  m.textContent = text; m.className = 'next-message ' + (error ? 'next-message-error' : 'next-message-success');
  m.style.display = 'block';
}

function esc(v) { return String(v === null || v === undefined ? '' : v).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c])); }
const LAYER = {ordinary: '普通品', potential: '潜力品', highQuality: '实力优品', superHighQuality: '超级优品'};
const STATUS = {approved: '审核通过', pending: '审核中', rejected: '审核不通过'};
function pad(n) { return String(n).padStart(2, '0'); }
function fmt(v, f) {
  if (f === 'bool') return v ? '是' : '否';
  if (f === 'yn') return v === 'y' ? '已上架' : '已下架';
  if (f === 'pct') return (Number(v) * 100).toFixed(2) + '%';
  if (f === 'layer') return LAYER[v] || esc(v);
  if (f === 'status') return STATUS[v] || esc(v);
  if (f === 'ftype') return Number(v) === 6 ? 'TM商机' : '询盘';
  if (f === 'ms') { const d = new Date(Number(v) + 8 * 3600e3);   // the back office shows China time
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`; }
  return esc(v);
}
function field(r, key) { return key.split('.').reduce((o, k) => (o === null || o === undefined) ? o : o[k], r); }

function dialog(title, bodyHtml, onOk) {
  const d = document.querySelector('.next-dialog'), mask = document.querySelector('.next-dialog-mask');
  d.querySelector('.next-dialog-header').textContent = title;
  d.querySelector('.next-dialog-body').innerHTML = bodyHtml;
  d.style.display = mask.style.display = 'block';
  const close = () => { d.style.display = mask.style.display = 'none'; };
  d.querySelector('.dialog-cancel').onclick = close;
  d.querySelector('.dialog-ok').onclick = async () => { try { await onOk(d); close(); } catch (e) { if (e.message !== 'punish' && e.message !== 'expired') toast(e.message, true); } };
  return d;
}

// Each dialect: how the screen asks for one page of its table and where the rows and total are.
const DIALECTS = {
  async products(cfg, st, f) {
    const q = new URLSearchParams(Object.assign({page: st.page, size: st.size, status: 'approved', displayStatus: 'all',
      statisticsType: 'month', _csrf_token_: window._csrf_token_ || ''}, f));
    const j = await call(cfg.api + '?' + q);
    if (!j.result) throw new Error(j.errorMsg || '加载失败');
    return {rows: j.products, total: j.count};
  },
  // the newer product list: a GET with the page's tokens in the URL (ctoken, _tb_token_, _csrf_token_, lang)
  async productsV2(cfg, st, f) {
    const q = new URLSearchParams(Object.assign({page: st.page, size: st.size, status: 'approved', displayStatus: 'all',
      statisticsType: 'month', ctoken: ctoken(), _tb_token_: cookie('_tb_token_'), _csrf_token_: window._csrf_token_ || '', lang: 'zh_CN'}, f));
    const j = await call(cfg.api + '?' + q);
    if (!j.result) throw new Error(j.errorMsg || '加载失败');
    return {rows: j.products, total: j.count};
  },
  async inquiries(cfg, st, f) {
    const params = {pagination: {nextPage: st.page, pageSize: st.size}, feedbackType: cfg.feedbackType, listType: 'all'};
    if (f.replied) params.replyStatus = f.replied === 'true' ? 1 : 0;
    const j = await call(`${cfg.api}?ctoken=${encodeURIComponent(ctoken())}&dmtrack_pageid=${encodeURIComponent(pageId())}`,
      {_csrf_token_: xsrf(), postId: String(Date.now()), params: JSON.stringify(params)});
    if (j.code !== 200) throw new Error(j.msg || '加载失败');
    return {rows: j.data.list.map(x => x[0]), total: j.data.pagination.totalCount};
  },
  // The newer list call (REAL_SITE.md, newer evidence): the full params, up to 100 a page, the whole history.
  async inquiriesV2(cfg, st, f) {
    const params = {system: 'feedback', listType: 'all', pagination: {nextPage: st.page, pageSize: st.size},
      filter: {isShowAtm: false, queryType: 'history'}, order: {orderBy: 'latest_contact_time'}, search: {}, feedbackType: cfg.feedbackType};
    if (f.replied) params.replyStatus = f.replied === 'true' ? 1 : 0;
    const j = await call(`${cfg.api}?ctoken=${encodeURIComponent(ctoken())}&dmtrack_pageid=${encodeURIComponent(pageId())}`,
      {_csrf_token_: xsrf(), postId: String(Date.now()), params: JSON.stringify(params)});
    if (j.code !== 200) throw new Error(j.msg || '加载失败');
    return {rows: j.data.list.map(x => x[0]), total: j.data.pagination.totalCount};
  },
  async p4p(cfg, st, f) {
    const j = await p4p(`campaign/${f.campaignId || cfg.campaignId}/bidword/query`, 'bidword',
      {page: st.page, size: st.size, startDate: f.startDate, endDate: f.endDate, keyword: f.q || ''});
    if (!j.ok) throw new Error((j.errorVO && j.errorVO.message) || '加载失败');
    if (Array.isArray(j.data)) return {rows: j.data, total: j.totalCount};   // the newer form: a flat list, paging in the envelope
    return {rows: j.data.list, total: j.data.totalCount};
  },
  async gateway(cfg, st, f) {
    const j = await gateway(cfg.iName, Object.assign({pageNO: st.page, pageSize: st.size}, f));
    if (!j.successed) throw new Error(j.errorMsg || '暂无数据');
    return {rows: j.value.data, total: j.value.total};
  },
  // 产品分析's newer call: value.products{data, recordCount} beside value.statistics, every figure {value}.
  async vipProducts(cfg, st, f) {
    const j = await gateway(cfg.iName, Object.assign({pageNO: st.page, pageSize: st.size}, f));
    if (!j.successed) throw new Error(j.errorMsg || '暂无数据');
    return {rows: j.value.products.data.map(flatFigures), total: j.value.products.recordCount};
  },
  async gatewayPlain(cfg, st, f) {
    const j = await gatewayPlain(cfg.iName, Object.assign({pageNO: st.page, pageSize: st.size}, f));
    if (!j.successed) throw new Error(j.errorMsg || '暂无数据');
    return {rows: j.value.data, total: j.value.total};
  },
  // alicrm's newer list: a POST with a JSON body, _tb_token_ in the URL, up to 500 a page.
  async crmV2(cfg, st, f) {
    const j = await call('/eggCrmQn/crm/customerQueryServiceI/queryCustomerList.json?_tb_token_=' + encodeURIComponent(cookie('_tb_token_')),
      undefined, {jsonArray: [], orderDescs: [{col: 'opp_gmt_modified'}], pageNum: st.page, pageSize: st.size});
    if (!j.success) throw new Error(j.message || '加载失败');
    return {rows: j.data.data, total: j.data.total};
  },
  // alicrm's customer list: {success, data{total, data[]}} with _tb_token_ (paths: a guess).
  async crm(cfg, st, f) {
    const j = await call(cfg.api + '?' + new URLSearchParams({pageNum: st.page, pageSize: st.size, _tb_token_: cookie('_tb_token_')}));
    if (!j.success) throw new Error(j.message || '加载失败');
    return {rows: j.data.data, total: j.data.total};
  },
  // The order list's newer call (biz.alibaba.com mainv2.json): GET with json={…, responseModel: "V2"}, _tb_token_, ctoken.
  async ordersV2(cfg, st, f) {
    const body = {pageIndex: st.page, pageSize: st.size, orderStatus: f.status || '', responseModel: 'V2'};
    const j = await call(cfg.api + '?' + new URLSearchParams({json: JSON.stringify(body), _tb_token_: cookie('_tb_token_'), ctoken: ctoken()}));
    if (j.code !== 200) throw new Error(j.msg || '加载失败');
    return {rows: j.data.pageData.data, total: j.data.pageData.pagination.totalRecord};
  },
  // Screens no public source shows (orders, reviews, activity centre): a guess, see sandbox/guesses.py.
  async guess(cfg, st, f) {
    const q = new URLSearchParams(Object.assign({page: st.page, size: st.size}, f));
    const j = await call(cfg.api + '?' + q);
    if (!j.success) throw new Error(j.message || '加载失败');
    return {rows: j.data.list, total: j.data.total};
  },
};

function initScreen(cfg) {
  const st = {page: 1, size: cfg.size || 20};
  let good = {page: 1, size: st.size};   // what the table shows; a failed load goes back to it
  if (cfg.hash) {   // the product manager's route: #/product/all/<page>-<size>
    const m = location.hash.match(/(\d+)-(\d+)$/);
    if (m) { st.page = Number(m[1]); st.size = Number(m[2]); }
  }
  const form = document.querySelector('.filter-bar');
  const filters = () => {
    const q = Object.assign({}, cfg.params);
    form.querySelectorAll('input[name], select[name]').forEach(el => { if (el.value !== '') q[el.name] = el.value; else delete q[el.name]; });
    return q;
  };
  const sizeSel = document.querySelector('.next-page-size');
  sizeSel.innerHTML = cfg.sizes.map(n => `<option value="${n}"${n === st.size ? ' selected' : ''}>${n} 条/页</option>`).join('');
  async function load() {
    if (cfg.variant) {   // the redesigned page: another call and a div grid
      const j = await call(cfg.api + '?page=' + st.page);
      document.querySelector('.grid-body').innerHTML = (j.items || []).map(r => '<div class="grid-row">' + Object.values(r).map(v => `<span class="cell">${esc(v)}</span>`).join('') + '</div>').join('');
      return;
    }
    let got;
    try { got = await DIALECTS[cfg.dialect](cfg, st, filters()); } catch (e) {
      if (e.message !== 'punish' && e.message !== 'expired') {
        toast(e.message, true);
        st.page = good.page; st.size = good.size; sizeSel.value = String(good.size);
        if (cfg.hash) history.replaceState(null, '', `#/product/all/${good.page}-${good.size}`);
      }
      return;
    }
    good = {page: st.page, size: st.size};
    renderTable(got.rows);
    document.querySelector('.next-current').textContent = st.page;
    document.querySelector('.next-total').textContent = got.total;
    document.querySelector('.next-pages').textContent = Math.max(1, Math.ceil(got.total / st.size));
  }
  function go(page) {
    st.page = page;
    const h = `#/product/all/${st.page}-${st.size}`;
    if (cfg.hash && location.hash !== h) { location.hash = h; } else { load(); }   // the route loads on hashchange
  }
  if (cfg.hash) window.addEventListener('hashchange', () => {
    const m = location.hash.match(/(\d+)-(\d+)$/); if (m) { st.page = Number(m[1]); st.size = Number(m[2]); load(); } });
  function renderTable(rows) {
    const tb = document.querySelector('.next-table-body');
    const list = cfg.rows === 'list';     // the newer product manager draws div.list-item rows, not a table
    if (!rows.length) { tb.innerHTML = list ? '<div class="list-empty">暂无数据</div>' : '<tr class="next-table-empty"><td colspan="99">暂无数据</td></tr>'; return; }
    const [row, cell] = list ? ['div', 'span'] : ['tr', 'td'];
    tb.innerHTML = rows.map(r => {
      const id = field(r, cfg.id_key || 'id');
      const cells = cfg.columns.map(c => `<${cell} class="${list ? 'list-cell' : 'next-table-cell'} col-${c.key.replace('.', '-')}">${fmt(field(r, c.key), c.fmt)}</${cell}>`).join('');
      const acts = cfg.actions.length ? `<${cell} class="next-table-cell col-actions">` + cfg.actions.map(([n, label, href]) =>
        href ? `<a class="row-action action-${n}" href="${href.replace(/\{id\}/g, encodeURIComponent(id))}">${label}</a>`
             : (n === 'signup' && (!r.eligible || r.signed_up)) || (n === 'market' && r.marketed) ? '' :
               `<button type="button" class="next-btn row-action action-${n}" data-id="${esc(id)}">${n === 'showcase' ? (r.isWindowProduct ? '移出橱窗' : '设为橱窗') : label}</button>`).join(' ') + `</${cell}>` : '';
      return `<${row} class="${list ? 'list-item' : 'next-table-row'}" data-row-key="${esc(id)}">${cells}${acts}</${row}>`;
    }).join('');
    tb.querySelectorAll('button.row-action').forEach(b => b.onclick = () => ACTIONS[b.className.match(/action-(\w+)/)[1]](
      b.dataset.id, rows.find(r => String(field(r, cfg.id_key || 'id')) === b.dataset.id), cfg, load));
  }
  document.querySelector('.next-prev').onclick = () => { if (st.page > 1) go(st.page - 1); };
  document.querySelector('.next-next').onclick = () => { if (st.page < Number(document.querySelector('.next-pages').textContent)) go(st.page + 1); };
  sizeSel.onchange = e => { st.size = Number(e.target.value); go(1); };
  form.querySelectorAll('select, input[type=date]').forEach(el => el.onchange = () => go(1));
  const sb = form.querySelector('.search-btn'); if (sb) sb.onclick = () => go(1);
  const exp = document.querySelector('.product-effective-download');
  if (exp && cfg.export) exp.onclick = async () => {   // 数据管家's export: an .xls file, or the day's quota is used up
    const q = new URLSearchParams(Object.assign({ctoken: ctoken(), dmtrack_pageid: pageId()}, filters()));
    const r = await fetch(cfg.export + '?' + q, {credentials: 'same-origin'});
    if ((r.headers.get('content-type') || '').includes('json')) { const j = await r.json(); toast(j.errorMsg || '导出失败', true); return; }
    const name = ((r.headers.get('content-disposition') || '').match(/filename="([^"]+)"/) || [])[1] || 'export.xls';
    const a = document.createElement('a'); a.href = URL.createObjectURL(await r.blob()); a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
  };
  if (cfg.hash && !location.hash) { location.hash = `#/product/all/${st.page}-${st.size}`; }   // hashchange loads
  else load();
}

// Row actions. The product and activity writes, P4P budgets and negative words are guesses of the
// real calls (sandbox/guesses.py); the bid update is the real bidword/update call.
const ACTIONS = {
  async bid(id, row, cfg, reload) {
    const info = cfg.form === 'newer' ? await p4p('recommend/bid/keyword/bid', 'bid', {keywords: [row.word]})
                                      : await p4p('recommend/bidword/keywordInfo/v2', 'keywordInfo', {keywords: [row.word]});
    const adv = (info.data || [])[0] || {};
    if (adv.suggestPriceStr) adv.suggestPrice = adv.suggestPriceStr;
    dialog('修改出价：' + row.word, `<p>底价 <span class="base-price">${row.basePrice}</span> 元，建议出价 <span class="suggest-price">${adv.suggestPrice || '--'}</span> 元，加价幅度 0.1 元</p>
      <button type="button" class="bid-minus">-</button><input class="next-input bid-input" name="bid" type="number" step="0.1" min="${row.basePrice}" value="${row.price}"><button type="button" class="bid-plus">+</button>`,
      async d => {
        const price = Number(d.querySelector('.bid-input').value);
        const j = await p4p(`campaign/${row.campaignId}/bidword/update`, 'bidword', {updateType: 'add_price', keywordList: [{id: row.id, price: price}]});
        if (!j.ok) throw new Error((j.errorVO && j.errorVO.message) || '出价修改失败');
        toast('出价修改成功'); await reload(); });
    const inp = document.querySelector('.bid-input');
    document.querySelector('.bid-minus').onclick = () => { inp.value = (Number(inp.value) - 0.1).toFixed(1); };
    document.querySelector('.bid-plus').onclick = () => { inp.value = (Number(inp.value) + 0.1).toFixed(1); };
  },
  async delete(id, row, cfg, reload) {
    dialog('删除产品', '<p class="confirm-text">确定删除该产品吗？删除后不可恢复。</p>', async () => {
      const j = await call('/product/managementproducts/deleteProducts.do', {ids: id, _csrf_token_: window._csrf_token_});
      if (!j.result) throw new Error(j.errorMsg); toast('删除成功'); await reload(); });
  },
  async showcase(id, row, cfg, reload) {
    const j = await call('/product/managementproducts/setWindowProduct.do', {id: id, isWindow: row.isWindowProduct ? 'n' : 'y', _csrf_token_: window._csrf_token_});
    if (!j.result) { toast(j.errorMsg, true); return; }
    toast('操作成功'); await reload();
  },
  // 访客营销 (a guess, sandbox/guesses.py): a message to a visitor, within the day's marketing quota
  async market(id, row, cfg, reload) {
    dialog('访客营销：' + row.visitorId, `<p>看过的产品 <span class="market-products">${esc(row.productIds)}</span></p>
      <textarea class="next-input market-text" rows="5" cols="60" placeholder="营销内容（英文）"></textarea>`,
      async d => {
        const j = await call('/visitor/ajax/marketing.json', {visitorId: id, content: d.querySelector('.market-text').value,
          ctoken: ctoken(), dmtrack_pageid: pageId()});
        if (!j.successed) throw new Error(j.errorMsg || '营销失败');
        toast('营销成功'); await reload(); });
  },
  // 客户管理's outreach (a guess, sandbox/guesses.py): a first message to a 公海 buyer, a group mailing,
  // a message to a customer — each within the site's quota
  async develop(id, row, cfg, reload) {
    dialog('公海开发：' + row.buyerName, `<p>关注产品 <span class="pool-interests">${esc(row.interests)}</span></p>
      <textarea class="next-input develop-text" rows="5" cols="60" placeholder="开发信（英文）"></textarea>`,
      async d => {
        const j = await call('/jsonp/publicPool/develop.json', {buyerId: id, content: d.querySelector('.develop-text').value, _tb_token_: cookie('_tb_token_')});
        if (!j.success) throw new Error(j.message || '开发失败');
        toast('开发信已发送'); await reload(); });
  },
  async edm(id, row, cfg, reload) {
    dialog('客群营销：' + row.groupName, `<p><input class="next-input edm-subject" size="60" placeholder="邮件主题"></p>
      <textarea class="next-input edm-text" rows="8" cols="60" placeholder="邮件内容（英文）"></textarea>`,
      async d => {
        const j = await call('/jsonp/edm/send.json', {groupId: id, subject: d.querySelector('.edm-subject').value,
          content: d.querySelector('.edm-text').value, _tb_token_: cookie('_tb_token_')});
        if (!j.success) throw new Error(j.message || '发送失败');
        toast('营销邮件已发送'); await reload(); });
  },
  async message(id, row, cfg, reload) {
    dialog('发消息：' + (row.companyName || id), `<textarea class="next-input message-text" rows="6" cols="60" placeholder="消息内容（英文）"></textarea>`,
      async d => {
        const j = await call('/jsonp/customer/sendMessage.json', {customerId: id, content: d.querySelector('.message-text').value, _tb_token_: cookie('_tb_token_')});
        if (!j.success) throw new Error(j.message || '发送失败');
        toast('消息已发送'); await reload(); });
  },
  async signup(id, row, cfg, reload) {
    const j = await call('/activity/ajax/signup.json', {id: id, _csrf_token_: xsrf()});
    if (!j.success) { toast(j.message, true); return; }
    toast('操作成功'); await reload();
  },
};

async function submitForm(formSel, url, build, done) {
  const f = document.querySelector(formSel);
  f.onsubmit = async ev => {
    ev.preventDefault();
    const j = await call(url, build(f));
    const ok = j.success || j.result || j.ok || j.code === 200;
    const m = f.querySelector('.form-result');
    m.textContent = ok ? (done || '提交成功') : (j.message || j.errorMsg || j.msg || (j.errorVO && j.errorVO.message));
    m.className = 'form-result ' + (ok ? 'ok' : 'error');
  };
}
