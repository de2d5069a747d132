// 1688 seller screens. The offer list GETs offer.1688.com's manage_mini.vm; 生意参谋 asks its /ms/
// calls for one day; the guessed screens (网销宝, 商品体验中心, 询价, showcase, 重发) answer
// {success, data} (sandbox/cbu/guesses.py). Writes send the page's _csrf_token.
async function call(url, form) {
  const opts = {credentials: 'same-origin', headers: {'Accept': 'application/json'}};
  if (form !== undefined) { opts.method = 'POST'; opts.body = new URLSearchParams(Object.assign({_csrf_token: window._csrf_token}, form)); }
  const r = await fetch(url, opts);
  if (r.redirected && (r.url.includes('/member/signin') || r.url.includes('_____tmd_____'))) { location.href = r.url; throw new Error('left'); }
  if (!r.ok) { toast('系统繁忙，请稍后再试 (' + r.status + ')', true); throw new Error('HTTP ' + r.status); }
  return r.json();
}
function toast(text, error) {
  const m = document.querySelector('.next-message'); if (!m) return;
  m.textContent = text; m.className = 'next-message ' + (error ? 'next-message-error' : 'next-message-success'); m.style.display = 'block';
}
function esc(v) { return String(v === null || v === undefined ? '' : v).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c])); }
const pct = v => (Number(v) * 100).toFixed(2) + '%';

// the newer 工作台: the scores come from the signed mtop gateway (REAL_SITE.md, newer evidence)
const GATEWAY = 'mtop.alibaba.cbu.WorkDiorDataReaderService.getValuesFromGateway';
async function workScores(newer) {
  if (!newer) return (await call('/home/ajax/shopScore.json')).data;
  const j = await mtopCall(GATEWAY, '1.0', {componentKeys: 'CDT_7nkFnu,CDT_shopScore'});
  const nlh = j.data.CDT_7nkFnu.values.queryNlhScoreAndBenefitsData.value.returnValue.moduleServiceScoreModelList;
  return {shopScore: j.data.CDT_shopScore.values.queryShopScore.value.returnValue.shopScore,
          nlhScore: Object.fromEntries(nlh.map(m => [m.code, m.score]))};
}
async function initWork(newer) {
  const [u, s] = await Promise.all([call('/home/unReadMsgCount.htm'), workScores(newer)]);
  document.querySelector('.unread-count').textContent = u.data.unReadMsgCount;
  document.querySelector('.shop-score').textContent = s.shopScore;
  const n = s.nlhScore;
  document.querySelector('.nlh-total').textContent = n.totalScore;
  const names = {qualityScore: '商品质量', refundScore: '退款', lgtScore: '物流', wwScore: '旺旺服务', starScore: '星级'};
  document.querySelector('.nlh-detail').innerHTML = Object.entries(names).map(([k, l]) => `<li>${l} <b>${n[k]}</b></li>`).join('');
}

function initOffers(cfg) {
  const st = {page: 1, size: 20, life: cfg.life};
  const sizeSel = document.querySelector('.next-page-size');
  sizeSel.innerHTML = cfg.sizes.map(n => `<option value="${n}">${n} 条/页</option>`).join('');
  async function load() {
    const j = await call(`${cfg.api}?show_type=valid&lifePeriod=${st.life}&currentPage=${st.page}&pageSize=${st.size}` +
                         (cfg.csrf ? `&csrf=${encodeURIComponent(cfg.csrf)}` : ''));
    if (j.msgType !== 'success') { toast(j.msg || '加载失败', true); return; }
    const tb = document.querySelector('.next-table-body');
    tb.innerHTML = j.items.length ? j.items.map(o => `<tr class="next-table-row" data-row-key="${o.offerId}">
      <td><input type="checkbox" class="offer-check" value="${o.offerId}"></td>
      <td class="col-subject"><a href="https://detail.1688.com/offer/${o.offerId}.html">${esc(o.subject)}</a></td><td>${esc(o.itemNumber)}</td>
      <td>¥${esc(o.unitPrice)}</td><td class="col-status">${esc(o.statusName || '')}</td><td>${'★'.repeat(o.infoStar)}</td>
      <td>${o.isShowcase ? '是' : '否'}</td><td class="col-modified">${esc(o.gmtModified)}</td>
      <td><a class="row-action action-edit" href="/offer/post/edit.htm?offerId=${o.offerId}">修改</a>
          ${o.lifePeriod === 'valid' ? `<button type="button" class="next-btn row-action action-repost" data-id="${o.offerId}">重发</button>` : ''}</td></tr>`).join('')
      : '<tr class="next-table-empty"><td colspan="9">暂无数据</td></tr>';
    tb.querySelectorAll('.action-repost').forEach(b => b.onclick = () => repost([b.dataset.id]));
    document.querySelector('.next-current').textContent = st.page;
    document.querySelector('.next-total').textContent = j.totalCount;
    document.querySelector('.next-pages').textContent = Math.max(1, Math.ceil(j.totalCount / st.size));
  }
  async function repost(ids) {
    if (!ids.length) { toast('请先选择产品', true); return; }
    const j = await call('/offer/ajax/repost.json', {offerIds: ids.join(',')});
    if (!j.success) { toast(j.message || '重发失败', true); return; }
    const fails = j.data.failList;
    toast(`重发成功 ${j.data.successIds.length} 条` + (fails.length ? `，失败 ${fails.length} 条：` + fails.map(f => f.offerId + ' ' + f.reason).join('；') : ''), fails.length > 0);
    await load();
  }
  document.querySelector('.batch-repost').onclick = () => repost(Array.from(document.querySelectorAll('.offer-check:checked')).map(c => c.value));
  document.querySelector('.check-all').onchange = e => document.querySelectorAll('.offer-check').forEach(c => c.checked = e.target.checked);
  document.querySelectorAll('.life-tab').forEach(a => a.onclick = () => { st.life = a.dataset.life; st.page = 1; load(); });
  document.querySelector('.next-prev').onclick = () => { if (st.page > 1) { st.page--; load(); } };
  document.querySelector('.next-next').onclick = () => { if (st.page < Number(document.querySelector('.next-pages').textContent)) { st.page++; load(); } };
  sizeSel.onchange = e => { st.size = Number(e.target.value); st.page = 1; load(); };
  load();
}

// 生意参谋's calls: the newer form on the real paths with every figure {value}, the older on the guessed ones
const SYCM_PATHS = {
  true: ['flow/ovralShopFlowSource/overview', 'customer/inquiry/coreIndex', 'transaction/getTradeCoreIndex',
         'flow/strategy/shopInFlowTreeWithGoodV2', 'flow/getShopKeyWordWithWeb', 'flow/trend', 'flow/hourly'],
  false: ['flow/overview', 'inquiry/overview', 'trade/overview', 'flow/source', 'flow/keyword', 'flow/trend', 'flow/hourly']};
const unwrap = o => o && Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v && typeof v === 'object' && 'value' in v ? v.value : v]));
async function initSycm(newer) {
  const input = document.querySelector('.sycm-day');
  async function load() {
    const r = `${input.value}|${input.value}`, q = 'dateType=day&dateRange=' + encodeURIComponent(r) + (newer ? '&indexCode=uv' : '');
    const got = await Promise.all(SYCM_PATHS[newer].map(p => call(`/ms/${p}.json?${q}`)));
    const [flow, inq, trade, src, kw] = got.map(j => j.code === 0 && j.data && !j.data.list ? {code: 0, data: unwrap(j.data)}
      : j.code === 0 && j.data ? {code: 0, data: {list: j.data.list.map(unwrap)}} : j);
    if (flow.code !== 0) { toast(flow.message, true); return; }
    const cards = [['曝光', flow.data.revealCnt], ['浏览量', flow.data.pv], ['访客数', flow.data.uv], ['点击率', pct(flow.data.clickRate)],
      ['跳失率', pct(flow.data.bounceRate)], ['有效询盘人数', inq.data.effectiveInQUsers], ['旺旺咨询数', inq.data.wangInQCnt],
      ['支付金额', '¥' + trade.data.payAmt], ['支付买家数', trade.data.payByrCnt], ['支付订单数', trade.data.payOrdCnt]];
    document.querySelector('.sycm-cards').innerHTML = cards.map(([l, v]) => `<div class="sycm-card"><span>${l}</span> <b>${v}</b></div>`).join('');
    document.querySelector('.sycm-sources tbody').innerHTML = src.data.list.map(s => `<tr><td>${esc(s.sourceName)}</td><td>${s.sourceType === 'paid' ? '付费' : '免费'}</td><td>${s.uv}</td></tr>`).join('');
    document.querySelector('.sycm-keywords tbody').innerHTML = kw.data.list.slice(0, 20).map(k => `<tr><td>${esc(k.keyword)}</td><td>${k.uv}</td><td>${k.pv}</td><td>${k.payByrCnt}</td></tr>`).join('');
  }
  input.onchange = load;
  load();
}

const TABLES = {
  wxb: {head: ['关键词', '出价', '状态', '展现', '点击', '点击率', '花费', '成交金额', '投产比'], rows: j => j.data.list,
        cells: r => [r.keyword, r.bid, r.status, r.impressions, r.clicks, pct(r.ctr), r.cost, r.gmv, r.roi], key: r => r.keywordId},
  experience: {head: ['产品', '产品ID', '问题', '状态'], rows: j => j.data.violations.map(v => Object.assign({kind: 'violation'}, v))
               .concat(j.data.lowQuality.map(v => Object.assign({kind: 'low'}, v))),
               cells: r => [r.subject, r.offerId, r.reason || r.problem, r.status || '待优化'], key: r => r.offerId},
  inquiry: {head: ['买家', '产品', '数量', '询价时间', '是否回复'], rows: j => j.data.list,
            cells: r => [r.buyer, r.subject, r.quantity, r.createTime.replace('T', ' ').slice(0, 16), r.replied ? '已回复' : '未回复'], key: r => r.id},
};
function initTable(cfg) {
  const t = TABLES[cfg.screen], st = {page: 1, size: 20};
  document.querySelector('.next-table thead').innerHTML = '<tr>' + t.head.map(h => `<th>${h}</th>`).join('') + '</tr>';
  const form = document.querySelector('.filter-bar');
  if (form) { form.querySelector('[name=startDate]').value = cfg.start; form.querySelector('[name=endDate]').value = cfg.end; }
  async function load() {
    const q = new URLSearchParams({page: st.page, pageNo: st.page, pageSize: st.size});
    if (form) { q.set('startDate', form.querySelector('[name=startDate]').value); q.set('endDate', form.querySelector('[name=endDate]').value); }
    const j = await call(cfg.api + '?' + q);
    if (!j.success) { toast(j.message || '加载失败', true); return; }
    const rows = t.rows(j), total = j.data.total === undefined ? rows.length : j.data.total;
    document.querySelector('.next-table-body').innerHTML = rows.map(r => `<tr class="next-table-row" data-row-key="${esc(t.key(r))}">` +
      t.cells(r).map(c => `<td>${esc(c)}</td>`).join('') + '</tr>').join('') || '<tr class="next-table-empty"><td colspan="9">暂无数据</td></tr>';
    document.querySelector('.next-current').textContent = st.page;
    document.querySelector('.next-total').textContent = total;
    document.querySelector('.next-pages').textContent = Math.max(1, Math.ceil(total / st.size));
  }
  document.querySelector('.next-prev').onclick = () => { if (st.page > 1) { st.page--; load(); } };
  document.querySelector('.next-next').onclick = () => { if (st.page < Number(document.querySelector('.next-pages').textContent)) { st.page++; load(); } };
  if (form) form.querySelector('.search-btn').onclick = () => { st.page = 1; load(); };
  load();
}

async function initShowcase() {
  async function load() {
    const j = await call('/showcase/ajax/list.json');
    document.querySelector('.showcase-used').textContent = j.data.used;
    document.querySelector('.showcase-total').textContent = j.data.total;
    const tb = document.querySelector('.next-table-body');
    tb.innerHTML = j.data.list.map(r => `<tr class="next-table-row" data-row-key="${r.offerId}"><td>${esc(r.subject)}</td><td>${r.offerId}</td>
      <td class="col-since">${r.since}</td><td><button type="button" class="next-btn action-replace" data-id="${r.offerId}">替换</button></td></tr>`).join('');
    tb.querySelectorAll('.action-replace').forEach(b => b.onclick = () => replace(b.dataset.id));
  }
  function replace(oldId) {
    const d = document.querySelector('.next-dialog'), mask = document.querySelector('.next-dialog-mask');
    d.querySelector('.next-dialog-header').textContent = '替换橱窗产品';
    d.querySelector('.next-dialog-body').innerHTML = '<p>放入的产品ID：<input class="next-input new-offer-id"></p>';
    d.style.display = mask.style.display = 'block';
    const close = () => { d.style.display = mask.style.display = 'none'; };
    d.querySelector('.dialog-cancel').onclick = close;
    d.querySelector('.dialog-ok').onclick = async () => {
      const j = await call('/showcase/ajax/replace.json', {oldOfferId: oldId, newOfferId: d.querySelector('.new-offer-id').value.trim()});
      if (!j.success) { toast(j.message || '替换失败', true); return; }
      close(); toast('替换成功'); await load();
    };
  }
  load();
}
