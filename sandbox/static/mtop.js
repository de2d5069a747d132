// 1688's signed mtop calls (h5api.m.1688.com): sign = md5(token & t & appKey & data), the token being the
// first part of the _m_h5_tk cookie; a call without a (fresh) token is answered FAIL_SYS_TOKEN_EMPTY /
// _EXPIRED with a new cookie, and is signed again. Used by the search shell (s1688.js) and the newer 工作台.
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

const MTOP_APP_KEY = '12574478';
function mtopCookie(name) {
  const m = document.cookie.split('; ').find(c => c.startsWith(name + '='));
  return m ? decodeURIComponent(m.slice(name.length + 1)) : '';
}
// a signed GET of `api` (version `v`) with `data`; the answer's JSON once it says SUCCESS
async function mtopCall(api, v, data) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = mtopCookie('_m_h5_tk').split('_')[0], t = String(Date.now()), body = JSON.stringify(data);
    const q = new URLSearchParams({jsv: '2.7.2', appKey: MTOP_APP_KEY, t: t, sign: md5(`${token}&${t}&${MTOP_APP_KEY}&${body}`), api: api,
                                   v: v, type: 'originaljson', dataType: 'json', data: body});
    const r = await fetch(`/h5/${api.toLowerCase()}/${v}/?` + q, {credentials: 'include'});
    const j = await r.json(), ret = (j.ret || [''])[0];
    if (ret.startsWith('SUCCESS')) return j;
    if (ret.startsWith('FAIL_SYS_TOKEN') || ret.startsWith('FAIL_SYS_ILLEGAL_ACCESS')) continue;   // sign again
    if (ret.startsWith('RGV587_ERROR') || ret.startsWith('FAIL_SYS_USER_VALIDATE')) { location.href = j.data.url; return null; }
    throw new Error(ret);
  }
  throw new Error('token');
}
