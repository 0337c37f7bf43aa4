// The citizen page ships no client framework: it must load fast on an old phone on hall Wi-Fi,
// and the plain form works without JavaScript. /r.js adds only small niceties.
export const csr = false;
