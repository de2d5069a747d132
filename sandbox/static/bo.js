// Seller back office front end: tables filled by fetch() from JSON calls, paged and sorted.
const CSRF = (document.querySelector('meta[name=csrf-token]') || {}).content || '';

async function api(url, body) {
  const opts = {credentials: 'same-origin', headers: {'X-CSRF-Token': CSRF, 'Content-Type': 'application/json'}};
  if (body !== undefined) { opts.method = 'POST'; opts.body = JSON.stringify(body); }
  const r = await fetch(url, opts);
  if (!r.ok) { toast('系统繁忙，请稍后再试 (' + r.status + ')', true); throw new Error('HTTP ' + r.status); }
  const j = await r.json();
  if (j.rgv587_flag) { location.href = j.url; throw new Error('punish'); }
  if (j.code === 'SESSION_EXPIRED') { location.href = j.redirect; throw new Error('expired'); }
  return j;
}

function toast(text, error) {
  const m = document.querySelector('.next-message');
  if (!m) return;
  m.textContent = text; m.className = 'next-message ' + (error ? 'next-message-error' : 'next-message-success');
  m.style.display = 'block';
}

function esc(v) { return String(v === null || v === undefined ? '' : v).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c])); }
function fmt(v, f) {
  if (f === 'bool') return v ? '是' : '否';
  if (f === 'pct') return (Number(v) * 100).toFixed(2) + '%';
  return esc(v);
}

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

function initScreen(cfg) {
  const st = {page: 1, size: 20, orderBy: cfg.sort, desc: cfg.desc};
  const form = document.querySelector('.filter-bar');
  const params = () => {
    const q = new URLSearchParams(Object.assign({}, cfg.params));
    form.querySelectorAll('input[name], select[name]').forEach(el => { if (el.value !== '') q.set(el.name, el.value); else q.delete(el.name); });
    q.set('page', st.page); q.set('size', st.size); q.set('orderBy', st.orderBy || ''); q.set('desc', st.desc ? '1' : '0');
    return q;
  };
  async function load() {
    const j = await api(cfg.api + '?' + params().toString());
    let rows, total;
    if (cfg.variant) { rows = j.result.items; total = j.result.count; renderGrid(rows); }
    else {
      if (!j.success) { toast(j.message || '加载失败', true); return; }
      rows = j.data.list; total = j.data.total; renderTable(rows);
    }
    document.querySelector('.next-current').textContent = st.page;
    document.querySelector('.next-total').textContent = total;
    document.querySelector('.next-pages').textContent = Math.max(1, Math.ceil(total / st.size));
    if (cfg.quota) loadQuota();
  }
  function renderTable(rows) {
    const tb = document.querySelector('.next-table-body');
    if (!rows.length) { tb.innerHTML = '<tr class="next-table-empty"><td colspan="99">暂无数据</td></tr>'; return; }
    tb.innerHTML = rows.map(r => {
      const id = r[cfg.id_key || 'id'];
      const cells = cfg.columns.map(c => `<td class="next-table-cell col-${c.key}">${fmt(r[c.key], c.fmt)}</td>`).join('');
      const acts = cfg.actions.length ? '<td class="next-table-cell col-actions">' + cfg.actions.map(([n, label, href]) =>
        href ? `<a class="row-action action-${n}" href="${href.replace('{id}', encodeURIComponent(id))}">${label}</a>`
             : (n === 'signup' && (!r.eligible || r.signed_up)) ? '' :
               `<button type="button" class="next-btn row-action action-${n}" data-id="${esc(id)}">${n === 'showcase' ? (r.showcase ? '移出橱窗' : '设为橱窗') : label}</button>`).join(' ') + '</td>' : '';
      return `<tr class="next-table-row" data-row-key="${esc(id)}">${cells}${acts}</tr>`;
    }).join('');
    tb.querySelectorAll('button.row-action').forEach(b => b.onclick = () => action(b.className.match(/action-(\w+)/)[1], b.dataset.id, rows.find(r => String(r[cfg.id_key || 'id']) === b.dataset.id)));
  }
  function renderGrid(rows) {
    document.querySelector('.grid-head').innerHTML = cfg.columns.map(c => `<span class="hcell">${esc(c.label)}</span>`).join('');
    document.querySelector('.grid-body').innerHTML = rows.map(r => '<div class="grid-row">' + Object.values(r).map(v => `<span class="cell">${esc(v)}</span>`).join('') + '</div>').join('');
  }
  async function action(name, id, row) {
    if (name === 'bid') {
      dialog('修改出价：' + row.keyword, `<p>底价 <span class="base-price">${row.base_price}</span> 元，加价幅度 0.1 元</p>
        <button type="button" class="bid-minus">-</button><input class="next-input bid-input" name="bid" type="number" step="0.1" min="${row.base_price}" value="${row.bid}"><button type="button" class="bid-plus">+</button>`,
        async d => { const j = await api('/p4p/ajax/updateBid.json', {keywordId: id, bid: Number(d.querySelector('.bid-input').value)}); if (!j.success) throw new Error(j.message); toast('出价修改成功'); await load(); });
      const inp = document.querySelector('.bid-input');
      document.querySelector('.bid-minus').onclick = () => { inp.value = (Number(inp.value) - 0.1).toFixed(1); };
      document.querySelector('.bid-plus').onclick = () => { inp.value = (Number(inp.value) + 0.1).toFixed(1); };
    } else if (name === 'delete') {
      dialog('删除产品', '<p class="confirm-text">确定删除该产品吗？删除后不可恢复。</p>', async () => {
        const j = await api('/product/ajax/delete.json', {ids: [id]}); if (!j.success) throw new Error(j.message); toast('删除成功'); await load(); });
    } else {
      const url = {republish: '/product/ajax/republish.json', showcase: '/product/ajax/showcase.json', signup: '/activity/ajax/signup.json'}[name];
      const body = name === 'showcase' ? {id: id, on: !row.showcase} : {id: id};
      const j = await api(url, body);
      if (!j.success) { toast(j.message, true); return; }
      toast('操作成功'); await load();
    }
  }
  async function loadQuota() {
    const q = (await api('/rfq/ajax/quota.json')).data;
    document.querySelector('.quota-total').textContent = `基础 ${q.base} + 奖励 ${q.reward}`;
    document.querySelector('.quota-used').textContent = q.used;
    document.querySelector('.quota-left').textContent = q.left;
  }
  document.querySelectorAll('th.sortable').forEach(th => th.onclick = () => {
    st.desc = st.orderBy === th.dataset.key ? !st.desc : true; st.orderBy = th.dataset.key; st.page = 1; load();
  });
  document.querySelector('.next-prev').onclick = () => { if (st.page > 1) { st.page--; load(); } };
  document.querySelector('.next-next').onclick = () => { if (st.page < Number(document.querySelector('.next-pages').textContent)) { st.page++; load(); } };
  document.querySelector('.next-page-size').onchange = e => { st.size = Number(e.target.value); st.page = 1; load(); };
  form.querySelectorAll('select, input[type=date]').forEach(el => el.onchange = () => { st.page = 1; load(); });
  const sb = form.querySelector('.search-btn'); if (sb) sb.onclick = () => { st.page = 1; load(); };
  load();
}

async function submitForm(formSel, url, build, done) {
  const f = document.querySelector(formSel);
  f.onsubmit = async ev => {
    ev.preventDefault();
    const j = await api(url, build(f));
    const m = f.querySelector('.form-result');
    m.textContent = j.success ? (done || '提交成功') : j.message;
    m.className = 'form-result ' + (j.success ? 'ok' : 'error');
  };
}
