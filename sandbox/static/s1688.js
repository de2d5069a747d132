// s.1688.com's search shell: the offers come from h5api's mtop call, signed as the real page signs it:
// sign = md5(token & t & appKey & data), token = the first part of the _m_h5_tk cookie; a call without
// a (fresh) token is answered FAIL_SYS_TOKEN_EMPTY / _EXPIRED with a new cookie, and is signed again.
function md5(str) {
  const bytes = new TextEncoder().encode(str), n = bytes.length;
  const words = new Array((((n + 8) >> 6) + 1) * 16).fill(0);
  for (let i = 0; i < n; i++) words[i >> 2] |= bytes[i] << ((i % 4) * 8);
  words[n >> 2] |= 0x80 << ((n % 4) * 8);
  words[words.length - 2] = n * 8;
  const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
  const K = Array.from({length: 64}, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
  let a0 = 0x67452301, b0 = 0xefcdab89 | 0, c0 = 0x98badcfe | 0, d0 = 0x10325476;
  for (let off = 0; off < words.length; off += 16) {
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      let f, g;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
      else { f = c ^ (b | ~d); g = (7 * i) % 16; }
      const s = S[(i >> 4) * 4 + (i % 4)];
      const x = (a + f + K[i] + words[off + g]) | 0;
      a = d; d = c; c = b;
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0; b0 = (b0 + b) | 0; c0 = (c0 + c) | 0; d0 = (d0 + d) | 0;
  }
  return [a0, b0, c0, d0].map(v => Array.from({length: 4}, (_, i) => ((v >>> (8 * i)) & 0xff).toString(16).padStart(2, '0')).join('')).join('');
}
window.md5 = md5;

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
