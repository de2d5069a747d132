// s.1688.com's search shell: the offers come from h5api's mtop call, signed as the real page signs it
// (md5 in mtop.js): sign = md5(token & t & appKey & data), token = the first part of the _m_h5_tk cookie;
// a call without a (fresh) token is answered FAIL_SYS_TOKEN_EMPTY / _EXPIRED with a new cookie, and is
// signed again.

const APP_KEY = '12574478', API = 'mtop.relationrecommend.wirelessrecommend.recommend';
function cookie(name) {
  const m = document.cookie.split('; ').find(c => c.startsWith(name + '='));
  return m ? decodeURIComponent(m.slice(name.length + 1)) : '';
}
async function mtop(data) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = cookie('_m_h5_tk').split('_')[0], t = String(Date.now()), body = JSON.stringify(data);
    const q = new URLSearchParams({jsv: '2.7.2', appKey: APP_KEY, t: t, sign: md5(`${token}&${t}&${APP_KEY}&${body}`), api: API,
                                   v: '2.0', type: 'originaljson', dataType: 'json', data: body});
    if (window.__SEARCH__.newer) { q.set('type', 'jsonp'); q.set('dataType', 'jsonp'); q.set('callback', 'mtopjsonpreqTppId_32517_getOfferList2'); }
    const r = await fetch(`/h5/${API}/2.0/?` + q, {credentials: 'include'});
    const text = await r.text();      // JSON, or JSONP (the newer page): the JSON inside callback(…)
    const j = JSON.parse(text.trim().startsWith('{') ? text : text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')));
    const ret = (j.ret || [''])[0];
    if (ret.startsWith('SUCCESS')) return j;
    if (ret.startsWith('FAIL_SYS_TOKEN') || ret.startsWith('FAIL_SYS_ILLEGAL_ACCESS')) continue;   // sign again
    if (ret.startsWith('RGV587_ERROR') || ret.startsWith('FAIL_SYS_USER_VALIDATE')) { location.href = j.data.url; return null; }
    throw new Error(ret);
  }
  throw new Error('token');
}
(async () => {
  const s = window.__SEARCH__;
  const j = await mtop({keywords: s.keywords, beginPage: s.beginPage, pageSize: 60, method: 'getOfferList', charset: 'GBK'});
  if (!j) return;
  const items = j.data.data.offerList ? j.data.data.offerList.map(o => ({data: o})) : j.data.data.OFFER.items;
  if (!items.length) { document.querySelector('.s-empty').style.display = ''; return; }
  const esc = v => String(v).replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
  document.getElementById('offer-list').innerHTML = items.map(it => { const o = it.data; return `<div class="sm-offer-item" data-offerid="${o.offerId}" data-memberid="${esc(o.memberId)}">
    <a class="sm-offer-title" href="https://detail.1688.com/offer/${o.offerId}.html">${esc(o.title)}</a>
    <div class="sm-offer-price">¥${esc(o.priceInfo.price)}</div><div class="sm-offer-company">${esc(o.shop.companyName)}</div>
    ${o.isP4P === 'true' ? '<span class="sm-offer-ad">广告</span>' : ''}</div>`; }).join('');
})();
